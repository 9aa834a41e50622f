using System.Text.Json;

namespace CryoCdsHooks.FhirAccess.Tests;

/// <summary>
/// One folder of fhir-samples/: its transaction Bundle (the patient's record as an EHR holds it) and, from its
/// hook request, the context ids and the full prefetch a CDS client would send for it.
/// </summary>
/// <param name="Name">The folder below fhir-samples/, e.g.
/// <c>clinical-vocabulary/01-renal-oid-coded-record</c>.</param>
public sealed record FhirSample(
    string Name,
    string PatientId,
    string? EncounterId,
    IReadOnlyDictionary<string, JsonElement> Prefetch,
    string BundleJson
)
{
    /// <summary>
    /// The samples of the given groups (folders below <paramref name="samplesDirectory"/>), in a stable order.
    /// </summary>
    public static IReadOnlyList<FhirSample> Load(string samplesDirectory, params string[] groups) =>
        [
            .. groups
                .SelectMany(group =>
                    Directory.GetFiles(
                        Path.Combine(samplesDirectory, group),
                        "bundle.json",
                        SearchOption.AllDirectories
                    )
                )
                .Select(bundle => Path.GetDirectoryName(bundle)!)
                .Order(StringComparer.Ordinal)
                .Select(directory => Read(samplesDirectory, directory)),
        ];

    /// <summary>
    /// The ids of the Bundle's resources of <paramref name="resourceType"/> that match <paramref name="predicate"/>.
    /// </summary>
    public IReadOnlyList<string> BundleIds(string resourceType, Func<JsonElement, bool>? predicate = null)
    {
        using var bundle = JsonDocument.Parse(BundleJson);
        return
        [
            .. bundle
                .RootElement.GetProperty("entry")
                .EnumerateArray()
                .Select(entry => entry.GetProperty("resource"))
                .Where(resource =>
                    resource.GetProperty("resourceType").GetString() == resourceType
                    && (predicate?.Invoke(resource) ?? true)
                )
                .Select(resource => resource.GetProperty("id").GetString()!)
                .Order(StringComparer.Ordinal),
        ];
    }

    private static FhirSample Read(string samplesDirectory, string directory)
    {
        using var request = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "hook-request.json")));
        var context = request.RootElement.GetProperty("context");
        var prefetch = request
            .RootElement.GetProperty("prefetch")
            .EnumerateObject()
            .ToDictionary(member => member.Name, member => member.Value.Clone(), StringComparer.Ordinal);
        return new(
            Path.GetRelativePath(samplesDirectory, directory).Replace(Path.DirectorySeparatorChar, '/'),
            context.GetProperty("patientId").GetString()!,
            context.TryGetProperty("encounterId", out var encounterId) ? encounterId.GetString() : null,
            prefetch,
            File.ReadAllText(Path.Combine(directory, "bundle.json"))
        );
    }
}
