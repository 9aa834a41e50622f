using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace CryoCdsHooks.FhirAccess;

/// <summary>
/// Drops, before Firely parses them, the prefetched Observations the policy never reads: those whose codes are all
/// outside the <c>observations</c> template's code filter, i.e. what a FHIR server would not have returned for
/// that query. A client that ignores the filter (or a patient with a long history) otherwise costs a full parse
/// of every Observation. The match is looser than the engine's (any system, case and dots ignored), so nothing the
/// engine could read is dropped.
/// </summary>
internal static class ObservationFilter
{
    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true };

    public static string LooseCode(string code) => code.Replace(".", "", StringComparison.Ordinal).Trim();

    /// <summary>
    /// The Bundle's JSON without the Observation entries no filter code matches, or null when it drops nothing
    /// (or the value is not a Bundle with an entry array, left to the parser to judge).
    /// </summary>
    public static byte[]? WithoutUnreadObservations(JsonElement bundle, IReadOnlySet<string> readCodes)
    {
        if (
            readCodes.Count == 0
            || !bundle.TryGetProperty("entry", out var entries)
            || entries.ValueKind != JsonValueKind.Array
            || !entries.EnumerateArray().Any(e => IsUnread(e, readCodes))
        )
        {
            return null;
        }

        var output = new ArrayBufferWriter<byte>(JsonMarshal.GetRawUtf8Value(bundle).Length);
        using (var writer = new Utf8JsonWriter(output, WriterOptions))
        {
            writer.WriteStartObject();
            foreach (var member in bundle.EnumerateObject())
            {
                if (!member.NameEquals("entry"))
                {
                    member.WriteTo(writer);
                    continue;
                }
                writer.WriteStartArray("entry");
                foreach (var entry in member.Value.EnumerateArray().Where(e => !IsUnread(e, readCodes)))
                    entry.WriteTo(writer);
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
        }
        return output.WrittenSpan.ToArray();
    }

    /// <summary>True only for an Observation whose codes are plain strings and none of them is read.</summary>
    private static bool IsUnread(JsonElement entry, IReadOnlySet<string> readCodes)
    {
        if (
            entry.ValueKind != JsonValueKind.Object
            || !entry.TryGetProperty("resource", out var resource)
            || resource.ValueKind != JsonValueKind.Object
            || !resource.TryGetProperty("resourceType", out var type)
            || !type.ValueEquals("Observation")
        )
        {
            return false;
        }
        if (
            !resource.TryGetProperty("code", out var code)
            || code.ValueKind != JsonValueKind.Object
            || !code.TryGetProperty("coding", out var codings)
            || codings.ValueKind != JsonValueKind.Array
        )
        {
            return false;
        }
        foreach (var coding in codings.EnumerateArray())
        {
            if (coding.ValueKind != JsonValueKind.Object)
                return false;
            if (!coding.TryGetProperty("code", out var value))
                continue;
            if (value.ValueKind != JsonValueKind.String || readCodes.Contains(LooseCode(value.GetString()!)))
                return false;
        }
        return true;
    }
}
