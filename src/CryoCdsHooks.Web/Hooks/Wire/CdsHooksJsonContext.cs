using System.Text.Json.Serialization;

namespace CryoCdsHooks.Web.Hooks.Wire;

/// <summary>
/// Source-generated serialization of the wire model: camelCase names as CDS Hooks and FHIR spell them, absent
/// (null) members left out, no reflection at run time.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull
)]
[JsonSerializable(typeof(CdsResponse))]
[JsonSerializable(typeof(CdsDiscoveryResponse))]
[JsonSerializable(typeof(CdsHookRequest))]
[JsonSerializable(typeof(CdsHookInstance))]
[JsonSerializable(typeof(FhirResourceHeader))]
[JsonSerializable(typeof(CdsCardUuids))]
[JsonSerializable(typeof(IReadOnlyList<CrdResourceUse>))]
[JsonSerializable(typeof(IReadOnlyList<CdsAcceptedSuggestion>))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(FhirExtension))]
[JsonSerializable(typeof(SmartAppContext))]
[JsonSerializable(typeof(DtrAppContext))]
internal sealed partial class CdsHooksJsonContext : JsonSerializerContext
{
    /// <summary>Stored JSON read back as a wire type; null when the text is not one.</summary>
    public static T? TryRead<T>(string? json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
        where T : class
    {
        if (json is null)
            return null;
        try
        {
            return System.Text.Json.JsonSerializer.Deserialize(json, type);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
