using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace CryoCdsHooks.Web.Hooks.Wire;

/// <summary>
/// A FHIR resource already in its JSON form (UTF-8), written into the response as it is: an action's resource is
/// FHIR, not part of the CDS Hooks model, and a draft order must reach the client unchanged (CRD resp-37).
/// </summary>
[JsonConverter(typeof(Converter))]
public sealed class FhirResourceJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true };

    private FhirResourceJson(ReadOnlyMemory<byte> utf8) => Utf8 = utf8;

    public ReadOnlyMemory<byte> Utf8 { get; }

    public static FhirResourceJson Of(Resource resource) => new(Encoding.UTF8.GetBytes(resource.ToJson()));

    /// <summary>
    /// The resource exactly as received, with <paramref name="extension"/> added to its extension array.
    /// </summary>
    public static FhirResourceJson WithExtension(JsonElement resource, FhirExtension extension) =>
        WithExtensions(resource, [extension]);

    /// <summary>
    /// The resource exactly as received, with <paramref name="extensions"/> added to its extension array.
    /// </summary>
    public static FhirResourceJson WithExtensions(JsonElement resource, IReadOnlyList<FhirExtension> extensions)
    {
        var output = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(output, WriterOptions))
        {
            var added = false;
            writer.WriteStartObject();
            foreach (var member in resource.EnumerateObject())
            {
                if (!member.NameEquals("extension"))
                {
                    member.WriteTo(writer);
                    continue;
                }
                // An extension member that is not an array is replaced, as an array holding only ours.
                writer.WriteStartArray("extension");
                if (member.Value.ValueKind == JsonValueKind.Array)
                {
                    foreach (var existing in member.Value.EnumerateArray())
                        existing.WriteTo(writer);
                }
                foreach (var extension in extensions)
                    WriteExtension(writer, extension);
                writer.WriteEndArray();
                added = true;
            }
            if (!added)
            {
                writer.WriteStartArray("extension");
                foreach (var extension in extensions)
                    WriteExtension(writer, extension);
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
        }
        return new FhirResourceJson(output.WrittenMemory);
    }

    /// <summary>
    /// The resource's type, id and extensions (e.g. to find our coverage-information in a stored answer).
    /// </summary>
    public FhirResourceHeader Header() =>
        JsonSerializer.Deserialize(Utf8.Span, CdsHooksJsonContext.Default.FhirResourceHeader)
        ?? new FhirResourceHeader(null, null, null);

    private static void WriteExtension(Utf8JsonWriter writer, FhirExtension extension) =>
        JsonSerializer.Serialize(writer, extension, CdsHooksJsonContext.Default.FhirExtension);

    internal sealed class Converter : JsonConverter<FhirResourceJson>
    {
        public override FhirResourceJson Read(
            ref Utf8JsonReader reader,
            Type typeToConvert,
            JsonSerializerOptions options
        ) => new(Encoding.UTF8.GetBytes(JsonElement.ParseValue(ref reader).GetRawText()));

        public override void Write(Utf8JsonWriter writer, FhirResourceJson value, JsonSerializerOptions options) =>
            writer.WriteRawValue(value.Utf8.Span, skipInputValidation: true);
    }
}
