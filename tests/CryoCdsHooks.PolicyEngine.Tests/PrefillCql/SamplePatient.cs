using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace CryoCdsHooks.PolicyEngine.Tests.PrefillCql;

/// <summary>
/// Every patient of <c>fhir-samples/</c> (textbook, clinical-vocabulary, real-world, held-out-practice): one
/// <c>hook-request.json</c> each, read into the engine's <see cref="PatientRecord"/> with its draft orders.
/// </summary>
internal sealed record SamplePatient(string Name, PatientRecord Record, IReadOnlyList<ServiceRequest> Orders)
{
    private static readonly FhirJsonDeserializer Deserializer = new(
        new DeserializerSettings().UsingMode(DeserializationMode.BackwardsCompatible)
    );

    /// <summary>
    /// Sample folder names relative to fhir-samples/, in a stable order: every patient with draft orders.
    /// Left out: <c>dtr/</c> (the same patients as the samples they are built on, plus answers the clinician gave,
    /// which the prefill does not read), <c>crd-workflow/</c> and <c>held-out-workflow/</c> (their orders arrive
    /// with later hooks, not as draft orders).
    /// </summary>
    public static IReadOnlyList<string> Names() =>
        Directory
            .EnumerateFiles(SamplesDirectory, "hook-request.json", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(SamplesDirectory, Path.GetDirectoryName(f)!).Replace('\\', '/'))
            .Where(name => !name.StartsWith("dtr/", StringComparison.Ordinal))
            .Where(name => !name.StartsWith("crd-workflow/", StringComparison.Ordinal))
            .Where(name => !name.StartsWith("held-out-workflow/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();

    public static SamplePatient Read(string name)
    {
        using var request = JsonDocument.Parse(
            File.ReadAllText(Path.Combine(SamplesDirectory, name, "hook-request.json"))
        );
        var context = request.RootElement.GetProperty("context");
        var resources = new List<Resource>();
        var fullUrls = new Dictionary<string, Resource>();
        if (
            request.RootElement.TryGetProperty("prefetch", out var prefetch)
            && prefetch.ValueKind == JsonValueKind.Object
        )
        {
            foreach (var entry in prefetch.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Object))
            {
                var resource = Parse<Resource>(entry.Value);
                if (resource is not Bundle bundle)
                {
                    resources.Add(resource);
                    continue;
                }
                foreach (var item in bundle.Entry.Where(e => e.Resource is not (null or OperationOutcome)))
                {
                    resources.Add(item.Resource!);
                    if (item.FullUrl is { } url)
                        fullUrls[url] = item.Resource!;
                }
            }
        }
        var orders = Parse<Bundle>(context.GetProperty("draftOrders"))
            .Entry.Select(e => e.Resource)
            .OfType<ServiceRequest>()
            .ToList();
        var record = new PatientRecord
        {
            PatientId = context.GetProperty("patientId").GetString(),
            Patient = resources.OfType<Patient>().FirstOrDefault(),
            Encounter = resources.OfType<Encounter>().FirstOrDefault(),
            Conditions = [.. resources.OfType<Condition>()],
            Observations = [.. resources.OfType<Observation>()],
            Procedures = [.. resources.OfType<Procedure>()],
            DiagnosticReports = [.. resources.OfType<DiagnosticReport>()],
            Coverages = [.. resources.OfType<Coverage>()],
            Included =
            [
                .. resources.Where(r =>
                    r
                        is not (
                            Patient
                            or Encounter
                            or Condition
                            or Observation
                            or Procedure
                            or DiagnosticReport
                            or Coverage
                        )
                ),
            ],
            FullUrls = fullUrls,
        };
        return new SamplePatient(name, record, orders);
    }

    /// <summary>
    /// Leniently, as the service reads hook data (FhirAccess's FhirJson): some samples write out empty values on
    /// purpose, which the strict parser refuses but the service reads as absent.
    /// </summary>
    private static T Parse<T>(JsonElement json)
        where T : Resource
    {
        try
        {
            return Deserializer.Deserialize<T>(json.GetRawText());
        }
        catch (DeserializationFailedException e) when (e.PartialResult is T partial)
        {
            return partial;
        }
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "fhir-samples", "expected.json")))
                return dir.FullName;
        }
        throw new DirectoryNotFoundException("fhir-samples/expected.json not found above the test output directory.");
    }

    private static string SamplesDirectory => Path.Combine(RepositoryRoot(), "fhir-samples");
}
