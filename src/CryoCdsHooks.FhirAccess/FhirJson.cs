using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;

namespace CryoCdsHooks.FhirAccess;

/// <summary>
/// Parses FHIR R4 JSON from hook requests (draft orders, prefetch), FHIR server responses and the SMART app.
/// One reading everywhere: tolerate what a newer FHIR version or a local profile may add (unknown elements, codes,
/// choice types) and a missing mandatory element (an EHR that leaves out, say, Coverage.status still sent data we
/// can read), but reject data of the wrong shape, which the engine could not read safely.
/// </summary>
public static class FhirJson
{
    private static readonly string[] MissingMandatoryElement = ["PVAL102", "PVAL105"];

    private static readonly FhirJsonDeserializer Deserializer =
        new(new DeserializerSettings().UsingMode(DeserializationMode.BackwardsCompatible).Ignoring(MissingMandatoryElement));

    /// <summary>
    /// Tries to parse one resource. On failure, <paramref name="error"/> holds the parser's error codes and element
    /// paths only: the parser's own messages may quote values, which can be PHI.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8Json, [NotNullWhen(true)] out Resource? resource, out string error)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8Json);
            if (Deserializer.TryDeserializeResource(ref reader, out resource, out var issues) && resource is not null)
            {
                error = "";
                return true;
            }

            error = Describe(issues);
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

    private static string Describe(IEnumerable<CodedException> issues)
    {
        var described = issues
            .Take(5)
            .Select(issue => issue is ExtendedCodedException located && !string.IsNullOrEmpty(located.InstancePath)
                ? $"{issue.ErrorCode} at {located.InstancePath}"
                : issue.ErrorCode)
            .ToList();
        return described.Count > 0 ? string.Join("; ", described) : "not a FHIR resource";
    }
}
