using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;
using Hl7.Fhir.Validation;

namespace CryoCdsHooks.FhirAccess;

/// <summary>
/// Parses FHIR R4 JSON from hook requests (draft orders, prefetch), FHIR server responses and the SMART app.
/// One reading everywhere: tolerate what a newer FHIR version or a local profile may add (unknown elements, codes,
/// choice types) and a missing mandatory element (an EHR that leaves out, say, Coverage.status still sent data we
/// can read), but reject data of the wrong shape, which the engine could not read safely. Empty arrays, empty
/// objects, empty strings and <c>null</c> members, which FHIR JSON forbids but real clients send, are read as absent
/// and reported by path so the caller can note them.
/// </summary>
public static class FhirJson
{
    private static readonly string[] MissingMandatoryElement = ["PVAL102", "PVAL105"];

    /// <summary>
    /// The parser's codes for an absent value written out (null, "", [], null in an array or for a list, and the
    /// empty element left behind). An empty object <c>{}</c> is not among them: it stands where data of a shape was
    /// expected, and stays an error. PVAL124 also covers malformed literals: those still fail after the empties are
    /// removed.
    /// </summary>
    private static readonly HashSet<string> WrittenOutAbsence =
    [
        "JSON109",
        "JSON121",
        "JSON125",
        "PVAL104",
        "PVAL124",
        "PVAL127",
        "PVAL129",
    ];

    private const int MaxReportedAbsences = 20;

    private static readonly FhirJsonDeserializer Deserializer = new(
        new DeserializerSettings()
            .UsingMode(DeserializationMode.BackwardsCompatible)
            .Ignoring(MissingMandatoryElement) with
        {
            Validator = PrimitiveValueValidator.Instance,
        }
    );

    private static readonly FhirJsonSerializer Serializer = new();

    /// <summary>FHIR JSON of a resource or datatype, as this service writes it everywhere.</summary>
    public static string Serialize(Base element) => Serializer.SerializeToString(element);

    public static bool TryParse(
        ReadOnlySpan<byte> utf8Json,
        [NotNullWhen(true)] out Resource? resource,
        out string error
    ) => TryParse(utf8Json, out resource, out error, out _);

    /// <summary>
    /// Tries to parse one resource. On failure, <paramref name="error"/> holds the parser's error codes and element
    /// paths only: the parser's own messages may quote values, which can be PHI.
    /// </summary>
    /// <param name="absentElements">Paths of empty or null members read as absent (at most 20), else empty.</param>
    public static bool TryParse(
        ReadOnlySpan<byte> utf8Json,
        [NotNullWhen(true)] out Resource? resource,
        out string error,
        out IReadOnlyList<string> absentElements
    )
    {
        absentElements = [];
        try
        {
            // Firely throws (rather than reports) on a root that is no object and on text that cannot be decoded.
            var probe = new Utf8JsonReader(utf8Json);
            if (!probe.Read() || probe.TokenType != JsonTokenType.StartObject)
            {
                error = "not a JSON object";
                resource = null;
                return false;
            }

            if (FirstInvalidText(utf8Json) is { } position)
            {
                error =
                    $"a string that is not valid text at byte {position} (invalid UTF-8, or an escaped lone UTF-16 "
                    + "surrogate such as \\ud800)";
                resource = null;
                return false;
            }

            var reader = new Utf8JsonReader(utf8Json);
            if (Deserializer.TryDeserializeResource(ref reader, out resource, out var issues) && resource is not null)
            {
                error = "";
                return true;
            }

            error = Describe(issues);
            // Only a body whose every complaint is a written-out absence gets a second, cleaned reading.
            if (
                issues.Any()
                && issues.All(issue => WrittenOutAbsence.Contains(issue.ErrorCode))
                && JsonNode.Parse(utf8Json) is JsonObject root
            )
            {
                var removed = new List<string>();
                RemoveAbsent(
                    root,
                    root["resourceType"]?.GetValueKind() == JsonValueKind.String ? (string)root["resourceType"]! : "$",
                    removed
                );
                var cleaned = JsonSerializer.SerializeToUtf8Bytes(root);
                reader = new Utf8JsonReader(cleaned);
                if (Deserializer.TryDeserializeResource(ref reader, out resource, out issues) && resource is not null)
                {
                    error = "";
                    absentElements = removed.Distinct(StringComparer.Ordinal).Take(MaxReportedAbsences).ToList();
                    return true;
                }

                error = Describe(issues);
            }
        }
        catch (JsonException exception)
        {
            // System.Text.Json positions are safe to report; its message may quote the offending token.
            error = $"invalid JSON at line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1}";
        }
        catch (DeserializationFailedException exception)
        {
            error = Describe(exception.Exceptions);
        }

        resource = null;
        return false;
    }

    /// <summary>
    /// System.Text.Json accepts invalid UTF-8 bytes and escaped lone surrogates ("\ud800") inside strings, but reading
    /// such a string later throws, in our readers and inside the FHIR parser alike. Returns the byte offset of the
    /// first such string (name or value), or of the first escaped string <paramref name="accept"/> refuses (the web
    /// host refuses what its databases cannot store), or null. Throws <see cref="JsonException"/> on malformed JSON.
    /// </summary>
    public static long? FirstInvalidText(ReadOnlySpan<byte> json, Func<string, bool>? accept = null, int maxDepth = 64)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = maxDepth });
        while (reader.Read())
        {
            if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName))
                continue;
            // Unescaped, valid UTF-8 holds neither NUL nor a surrogate (the parser refuses raw control characters).
            if (!reader.ValueIsEscaped)
            {
                if (!Utf8.IsValid(reader.ValueSpan))
                    return reader.TokenStartIndex;
                continue;
            }
            try
            {
                if (reader.GetString() is { } text && accept?.Invoke(text) == false)
                    return reader.TokenStartIndex;
            }
            catch (InvalidOperationException)
            {
                return reader.TokenStartIndex;
            }
        }
        return null;
    }

    /// <summary>
    /// Firely keeps some invalid values leniently (an unknown code of a required binding, one value where FHIR has a
    /// list) and throws only when the element is read. Says so by the parser's code, never the value.
    /// </summary>
    public static string LenientValueRead(CodedValidationException exception) =>
        $"a value that is not valid FHIR R4 where the policy reads it ({exception.ErrorCode})";

    /// <summary>
    /// Drops null, "" and [] members (and objects they leave empty); returns whether the node is now absent.
    /// </summary>
    private static bool RemoveAbsent(JsonNode? node, string path, List<string> removed)
    {
        switch (node)
        {
            case null:
                return true;
            case JsonObject obj:
                var hadMembers = obj.Count > 0;
                foreach (var (name, child) in obj.ToList())
                {
                    if (RemoveAbsent(child, $"{path}.{name}", removed))
                    {
                        obj.Remove(name);
                        removed.Add($"{path}.{name}");
                    }
                }
                return hadMembers && obj.Count == 0;
            case JsonArray array:
                for (var i = array.Count - 1; i >= 0; i--)
                {
                    if (!RemoveAbsent(array[i], path, removed))
                        continue;
                    array.RemoveAt(i);
                    removed.Add($"{path}[]");
                }
                return array.Count == 0;
            default:
                return node.GetValueKind() == JsonValueKind.String && ((string)node!).Length == 0;
        }
    }

    private static string Describe(IEnumerable<CodedException> issues)
    {
        var described = issues
            .Take(5)
            .Select(issue =>
                issue is ExtendedCodedException located && !string.IsNullOrEmpty(located.InstancePath)
                    ? $"{issue.ErrorCode} at {located.InstancePath}"
                    : issue.ErrorCode
            )
            .ToList();
        return described.Count > 0 ? string.Join("; ", described) : "not a FHIR resource";
    }
}
