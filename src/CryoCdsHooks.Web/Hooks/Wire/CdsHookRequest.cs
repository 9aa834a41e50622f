using System.Text.Json;
using System.Text.Json.Serialization;

namespace CryoCdsHooks.Web.Hooks.Wire;

/// <summary>
/// A CDS Hooks 2.0 request (order-select, order-sign, appointment-book, order-dispatch, encounter-start), as a client
/// sends it and as the audit stores it (without
/// <see cref="FhirAuthorization"/>). Live calls are validated field by field by <c>HookRequestReader</c>, which
/// reports every wrong member; this type is the shape the OpenAPI document publishes and the one reading of stored
/// requests (audit, CRD metrics, the SMART app's draft orders).
/// </summary>
public sealed record CdsHookRequest
{
    public required string Hook { get; init; }

    /// <summary>A UUID naming this call; a retry repeats it.</summary>
    public required string HookInstance { get; init; }
    public string? FhirServer { get; init; }
    public CdsFhirAuthorization? FhirAuthorization { get; init; }
    public required CdsHookContext Context { get; init; }

    /// <summary>
    /// Prefetch key → FHIR resource (usually a search Bundle), or null when the client could not fetch it.
    /// </summary>
    public IReadOnlyDictionary<string, JsonElement?>? Prefetch { get; init; }

    /// <summary>A stored request read back; null when the text is not one (a refused request's summary, say).</summary>
    public static CdsHookRequest? TryRead(string? json) =>
        CdsHooksJsonContext.TryRead(json, CdsHooksJsonContext.Default.CdsHookRequest);

    /// <summary>The request's hookInstance when it is a UUID (normalised), read without reading the rest.</summary>
    public static string? HookInstanceOf(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
            return null;
        try
        {
            return
                root.Deserialize(CdsHooksJsonContext.Default.CdsHookInstance)?.HookInstance is { } text
                && Guid.TryParse(text, out var id)
                ? id.ToString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
