using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WireMock.Server;

namespace CryoCdsHooks.FhirAccess.Tests;

/// <summary>
/// Builds the loader the way the web host does (AddFhirAccess), so the real resilience pipeline runs.
/// </summary>
internal sealed class LoaderHarness : IDisposable
{
    public const string PatientId = "pat-8c1f";
    public const string EncounterId = "enc-31d0";
    public const string AccessToken = "tok-secret-7f3a9b";
    public const string ClientId = "ehr-client";

    private readonly ServiceProvider provider;
    private readonly IPatientRecordLoader loader;

    public LoaderHarness(IDictionary<string, string?>? settings = null, IEnumerable<Coding>? observationCodes = null)
    {
        var configurationValues = new Dictionary<string, string?>
        {
            ["FhirAccess:AllowLoopback"] = "true",
            // Fast retries keep the suite quick; Retry-After still dictates its own delay.
            ["FhirAccess:RetryBaseDelay"] = "00:00:00.010",
            // The suite shares a 2-core machine with builds: a slow first response must not turn into a retry.
            // Tests about timeouts set their own values.
            ["FhirAccess:AttemptTimeout"] = "00:00:05",
            ["FhirAccess:HookDeadline"] = "00:00:10",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configurationValues[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(configurationValues).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        services.AddFhirAccess(configuration, _ => observationCodes ?? []);
        provider = services.BuildServiceProvider(
            new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }
        );

        // What ValidateOnStart does when a host starts.
        _ = provider.GetRequiredService<IOptions<FhirAccessOptions>>().Value;
        loader = provider.GetRequiredService<IPatientRecordLoader>();
    }

    /// <summary>Loads under a deadline of the configured length starting now, as a hook call would.</summary>
    public async Task<PatientRecordLoadResult> LoadAsync(HookDataRequest request, CancellationToken callerToken)
    {
        using var deadline = new HookDeadline(
            GetRequiredService<IOptions<FhirAccessOptions>>().Value.HookDeadline,
            GetRequiredService<TimeProvider>(),
            callerToken
        );
        return await LoadAsync(request, deadline);
    }

    public Task<PatientRecordLoadResult> LoadAsync(HookDataRequest request, HookDeadline deadline) =>
        loader.LoadAsync(request, deadline);

    public RecordingLoggerProvider Logs { get; } = new();

    public FhirAccessOptions Options => GetRequiredService<IOptions<FhirAccessOptions>>().Value;

    public T GetRequiredService<T>()
        where T : notnull => provider.GetRequiredService<T>();

    public static HookDataRequest HookRequest(
        WireMockServer? server,
        IReadOnlyDictionary<string, JsonElement>? prefetch = null,
        string? encounterId = EncounterId,
        string? accessToken = AccessToken
    ) => new(PatientId, encounterId, prefetch, server is null ? null : FhirBase(server), accessToken, ClientId);

    public static Uri FhirBase(WireMockServer server) => new($"{server.Url}/fhir");

    public static string ToJson(Resource resource) => new FhirJsonSerializer().SerializeToString(resource);

    public static JsonElement ToElement(Resource resource) => JsonDocument.Parse(ToJson(resource)).RootElement.Clone();

    public static JsonElement Null => JsonDocument.Parse("null").RootElement.Clone();

    public static Patient NewPatient() => new() { Id = PatientId, BirthDate = "1960-04-02" };

    public static Encounter NewEncounter() =>
        new()
        {
            Id = EncounterId,
            Status = Encounter.EncounterStatus.InProgress,
            Class = new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB"),
        };

    public static Coverage NewCoverage(
        string id = "cov-1",
        FinancialResourceStatusCodes status = FinancialResourceStatusCodes.Active
    ) =>
        new()
        {
            Id = id,
            Status = status,
            Beneficiary = new ResourceReference($"Patient/{PatientId}"),
            // A named payor: a bare reference would be read from the server (PayorReadTests).
            Payor = [new ResourceReference("Organization/payer", "Blue Cross Blue Shield of Massachusetts")],
        };

    public static Condition NewCondition(string id = "cond-1") =>
        new()
        {
            Id = id,
            Subject = new ResourceReference($"Patient/{PatientId}"),
            Code = new CodeableConcept("http://hl7.org/fhir/sid/icd-10-cm", "C64.1"),
        };

    public static Observation NewObservation(string id = "obs-1", string code = "98979-8") =>
        new()
        {
            Id = id,
            Status = ObservationStatus.Final,
            Subject = new ResourceReference($"Patient/{PatientId}"),
            Code = new CodeableConcept("http://loinc.org", code),
        };

    public static QuestionnaireResponse NewQuestionnaireResponse(string id = "qr-1") =>
        new()
        {
            Id = id,
            Status = QuestionnaireResponse.QuestionnaireResponseStatus.Completed,
            Subject = new ResourceReference($"Patient/{PatientId}"),
            Questionnaire = "http://cryocdshooks.org/fhir/Questionnaire/mp260-renal-cryoablation",
        };

    public static Procedure NewProcedure(string id = "proc-1") =>
        new()
        {
            Id = id,
            Status = EventStatus.Completed,
            Subject = new ResourceReference($"Patient/{PatientId}"),
        };

    public static DiagnosticReport NewDiagnosticReport(string id = "dr-1") =>
        new()
        {
            Id = id,
            Status = DiagnosticReport.DiagnosticReportStatus.Final,
            Subject = new ResourceReference($"Patient/{PatientId}"),
            Code = new CodeableConcept("http://loinc.org", "60570-9"),
        };

    public static Bundle SearchSet(params Resource[] resources) => SearchSet(null, resources);

    public static Bundle SearchSet(string? nextUrl, params Resource[] resources)
    {
        var bundle = new Bundle { Type = Bundle.BundleType.Searchset, Total = resources.Length };
        foreach (var resource in resources)
        {
            bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = $"urn:uuid:{Guid.NewGuid()}", Resource = resource });
        }

        if (nextUrl is not null)
        {
            bundle.Link.Add(new Bundle.LinkComponent { Relation = "next", Url = nextUrl });
        }

        return bundle;
    }

    public static OperationOutcome PrefetchFailure() =>
        new()
        {
            Issue =
            [
                new OperationOutcome.IssueComponent
                {
                    Severity = OperationOutcome.IssueSeverity.Error,
                    Code = OperationOutcome.IssueType.Exception,
                    Diagnostics = "prefetch failed",
                },
            ],
        };

    /// <summary>Every prefetch key filled with a plausible value.</summary>
    public static Dictionary<string, JsonElement> FullPrefetch() =>
        new()
        {
            [PrefetchTemplateCatalog.PatientKey] = ToElement(NewPatient()),
            [PrefetchTemplateCatalog.EncounterKey] = ToElement(NewEncounter()),
            [PrefetchTemplateCatalog.CoverageKey] = ToElement(SearchSet(NewCoverage())),
            [PrefetchTemplateCatalog.ConditionsKey] = ToElement(SearchSet(NewCondition())),
            [PrefetchTemplateCatalog.ObservationsKey] = ToElement(SearchSet(NewObservation())),
            [PrefetchTemplateCatalog.ProceduresKey] = ToElement(SearchSet(NewProcedure())),
            [PrefetchTemplateCatalog.DiagnosticReportsKey] = ToElement(SearchSet(NewDiagnosticReport())),
            [PrefetchTemplateCatalog.QuestionnaireResponsesKey] = ToElement(SearchSet(NewQuestionnaireResponse())),
        };

    public void Dispose() => provider.Dispose();
}
