using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CryoCdsHooks.PolicyEngine;
using CryoCdsHooks.PolicyEngine.Terminology;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace CryoCdsHooks.FhirAccess.Tests;

/// <summary>
/// The FHIR query path against a real FHIR server implementation (<see cref="MedplumFhirServer"/>) holding 45
/// sample patients of fhir-samples/, with the policy's own Observation codes: what the service asks for must be
/// understood, filtered and answered the way the stubs of <see cref="PatientRecordLoaderTests"/> assume. Paging
/// stays tested on stubs only: this server writes no next links.
/// </summary>
public sealed class RealFhirServerTests(MedplumFhirServer server) : IClassFixture<MedplumFhirServer>
{
    private static readonly IReadOnlyList<string> AllKeys =
    [
        PrefetchTemplateCatalog.PatientKey,
        PrefetchTemplateCatalog.EncounterKey,
        PrefetchTemplateCatalog.CoverageKey,
        PrefetchTemplateCatalog.ConditionsKey,
        PrefetchTemplateCatalog.ObservationsKey,
        PrefetchTemplateCatalog.ProceduresKey,
        PrefetchTemplateCatalog.DiagnosticReportsKey,
        PrefetchTemplateCatalog.QuestionnaireResponsesKey,
    ];

    [FhirServerFact]
    public async Task Every_key_fetched_without_prefetch_holds_what_the_samples_prefetch_holds_for_that_patient_only()
    {
        // The real-world samples prefetch more than the templates ask for on purpose (lapsed coverage, _include), and
        // so does clinical-vocabulary/18 (a preliminary report the template's status filter would leave out).
        var samples = server
            .Samples.Where(sample =>
                sample.Name.StartsWith("clinical-vocabulary/", StringComparison.Ordinal)
                && !sample.Name.StartsWith("clinical-vocabulary/18-", StringComparison.Ordinal)
            )
            .ToList();
        using var harness = PolicyHarness();
        var mismatches = new List<string>();

        foreach (var sample in samples)
        {
            var fetched = await harness.LoadAsync(Request(sample, prefetch: null), CancellationToken.None);
            var prefetched = await harness.LoadAsync(
                Request(sample, sample.Prefetch, fhirServer: false),
                CancellationToken.None
            );

            var expectedKeys = sample.EncounterId is null
                ? AllKeys.Where(key => key != PrefetchTemplateCatalog.EncounterKey)
                : AllKeys;
            Assert.Equal(
                expectedKeys.Order(StringComparer.Ordinal),
                fetched.QueriedKeys!.Order(StringComparer.Ordinal)
            );
            if (fetched.Problems.Count > 0 || !Contents(fetched.Record).SequenceEqual(Contents(prefetched.Record)))
            {
                mismatches.Add(
                    $"{sample.Name}: fetched [{string.Join(", ", Contents(fetched.Record))}] "
                        + "problems ["
                        + string.Join(", ", fetched.Problems.Select(problem => $"{problem.PrefetchKey} {problem.Kind}"))
                        + "], "
                        + $"prefetch [{string.Join(", ", Contents(prefetched.Record))}]"
                );
            }
        }

        Assert.NotEmpty(samples);
        Assert.Empty(mismatches);
    }

    [FhirServerFact]
    public async Task Server_side_code_filter_keeps_oid_coded_and_panel_observations_and_drops_unread_ones()
    {
        var oidCoded = Sample("clinical-vocabulary/01-renal-oid-coded-record");
        var panel = Sample("real-world/15-cerner-egfr-in-bmp-panel");
        var unread = new[]
        {
            UnreadObservation(oidCoded, "heart-rate-oid", "urn:oid:2.16.840.1.113883.6.1"),
            UnreadObservation(oidCoded, "heart-rate-loinc", "http://loinc.org"),
        };
        await server.TransactAsync(LoaderHarness.ToJson(Transaction(unread)));
        using var harness = PolicyHarness();

        var oidResult = await harness.LoadAsync(Request(oidCoded, prefetch: null), CancellationToken.None);
        var panelResult = await harness.LoadAsync(Request(panel, prefetch: null), CancellationToken.None);

        // The sample records hold only Observations the policy reads, whatever system names their codes.
        Assert.Contains(oidCoded.BundleIds("Observation"), id => id.Contains("stage", StringComparison.Ordinal));
        Assert.Equal(oidCoded.BundleIds("Observation"), Ids(oidResult.Record.Observations));
        Assert.Equal(panel.BundleIds("Observation"), Ids(panelResult.Record.Observations));
        // The server holds the unread ones too: it, not the service, left them out.
        var everything = await SearchIdsAsync($"Observation?patient={oidCoded.PatientId}");
        Assert.All(unread, observation => Assert.Contains(observation.Id, everything));
        Assert.Empty(oidResult.Problems);
        Assert.Empty(panelResult.Problems);
    }

    [FhirServerFact]
    public async Task System_qualified_codes_would_miss_oid_coded_observations_so_the_templates_name_no_system()
    {
        var oidCoded = Sample("clinical-vocabulary/01-renal-oid-coded-record");
        using var withLoinc = new LoaderHarness(
            observationCodes: PolicyTerminology
                .Instance.ObservationCodes()
                .Select(coding => new Coding("http://loinc.org", coding.Code))
        );
        using var withoutSystem = PolicyHarness();

        var loinc = await withLoinc.LoadAsync(Request(oidCoded, prefetch: null), CancellationToken.None);
        var bare = await withoutSystem.LoadAsync(Request(oidCoded, prefetch: null), CancellationToken.None);

        // The sample's LOINC codes are all under the LOINC OID (and its attestation under the policy's own system).
        Assert.Empty(loinc.Problems);
        Assert.Empty(loinc.Record.Observations);
        Assert.NotEmpty(bare.Record.Observations);
        Assert.Equal(oidCoded.BundleIds("Observation"), Ids(bare.Record.Observations));
    }

    [FhirServerFact]
    public async Task Coverage_search_returns_only_active_coverage()
    {
        var lapsedThenActive = Sample("real-world/11-cerner-lapsed-then-active");
        using var harness = PolicyHarness();

        var result = await harness.LoadAsync(Request(lapsedThenActive, prefetch: null), CancellationToken.None);

        var active = lapsedThenActive.BundleIds("Coverage", IsActive);
        Assert.NotEmpty(active);
        Assert.NotEqual(active, lapsedThenActive.BundleIds("Coverage"));
        Assert.Equal(active, Ids(result.Record.Coverages));
        Assert.Empty(result.Problems);
    }

    [FhirServerFact]
    public async Task Partial_prefetch_fetches_only_the_missing_keys_and_yields_the_same_record()
    {
        var sample = Sample("clinical-vocabulary/02-renal-dialysis-procedure");
        var partial = sample
            .Prefetch.Where(pair =>
                pair.Key is not (PrefetchTemplateCatalog.ConditionsKey or PrefetchTemplateCatalog.ProceduresKey)
            )
            .ToDictionary(StringComparer.Ordinal);
        using var harness = PolicyHarness();

        var result = await harness.LoadAsync(Request(sample, partial), CancellationToken.None);
        var full = await harness.LoadAsync(Request(sample, sample.Prefetch, fhirServer: false), CancellationToken.None);

        Assert.Empty(result.Problems);
        // The sample holds no reports nor DTR answers, so its prefetch lacks those keys: they are fetched too.
        Assert.Equal(
            [
                PrefetchTemplateCatalog.ConditionsKey,
                PrefetchTemplateCatalog.DiagnosticReportsKey,
                PrefetchTemplateCatalog.ProceduresKey,
                PrefetchTemplateCatalog.QuestionnaireResponsesKey,
            ],
            result.QueriedKeys!.Order(StringComparer.Ordinal)
        );
        Assert.NotEmpty(result.Record.Procedures);
        Assert.Equal(Contents(full.Record), Contents(result.Record));
    }

    [FhirServerFact]
    public async Task Unknown_patient_yields_empty_searches_and_only_a_not_found_patient()
    {
        using var harness = PolicyHarness();
        var request = new HookDataRequest(
            "no-such-patient",
            null,
            null,
            server.BaseUrl,
            MedplumFhirServer.AccessToken,
            LoaderHarness.ClientId
        );

        var result = await harness.LoadAsync(request, CancellationToken.None);

        Assert.Equal(AllKeys.Count - 1, result.QueriedKeys!.Count);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(
            (PrefetchTemplateCatalog.PatientKey, DataProblemKind.NotFound),
            (problem.PrefetchKey, problem.Kind)
        );
        Assert.Empty(result.Record.AllResources());
    }

    [FhirServerFact]
    public async Task Every_query_the_service_sends_is_accepted_by_the_server_which_rejects_unknown_search_parameters()
    {
        var sample = Sample("clinical-vocabulary/01-renal-oid-coded-record");
        // The policy's codes, plus codes with a system and with search syntax characters to escape.
        Coding[] codes =
        [
            .. PolicyTerminology.Instance.ObservationCodes(),
            new("urn:oid:2.16.840.1.113883.6.1", "21906-3"),
            new("http://example.org/local", "a,b|c$d\\e&f"),
        ];
        var catalog = new PrefetchTemplateCatalog(codes);

        foreach (var definition in catalog.Definitions)
        {
            var query = PrefetchTemplateCatalog.ResolveQuery(
                definition,
                sample.PatientId,
                sample.EncounterId,
                pageSize: 100
            );
            using var response = await server.Client.GetAsync(query);
            Assert.True(
                response.StatusCode == HttpStatusCode.OK,
                $"{definition.Key}: HTTP {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}"
            );
        }

        using var unknown = await server.Client.GetAsync($"Observation?patient={sample.PatientId}&no-such-parameter=1");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
    }

    private FhirSample Sample(string name) => server.Samples.Single(sample => sample.Name == name);

    private HookDataRequest Request(
        FhirSample sample,
        IReadOnlyDictionary<string, JsonElement>? prefetch,
        bool fhirServer = true
    ) =>
        new(
            sample.PatientId,
            sample.EncounterId,
            prefetch,
            fhirServer ? server.BaseUrl : null,
            fhirServer ? MedplumFhirServer.AccessToken : null,
            LoaderHarness.ClientId
        );

    /// <summary>The loader as the web host builds it: the observations template asks for the policy's codes.</summary>
    private static LoaderHarness PolicyHarness() =>
        new(observationCodes: PolicyTerminology.Instance.ObservationCodes());

    private static IEnumerable<string> Contents(PatientRecord record) =>
        record.AllResources().Select(resource => $"{resource.TypeName}/{resource.Id}").Order(StringComparer.Ordinal);

    private static IReadOnlyList<string> Ids(IEnumerable<Resource> resources) =>
        [.. resources.Select(resource => resource.Id ?? "").Order(StringComparer.Ordinal)];

    private static bool IsActive(JsonElement coverage) => coverage.GetProperty("status").GetString() == "active";

    private async Task<IReadOnlyList<string>> SearchIdsAsync(string query)
    {
        var bundle = await server.Client.GetFromJsonAsync<JsonElement>(query);
        return bundle.TryGetProperty("entry", out var entries)
            ?
            [
                .. entries
                    .EnumerateArray()
                    .Select(entry => entry.GetProperty("resource").GetProperty("id").GetString()!),
            ]
            : [];
    }

    /// <summary>A heart rate (LOINC 8867-4, which no policy criterion reads) of the sample's patient.</summary>
    private static Observation UnreadObservation(FhirSample sample, string id, string loincSystem) =>
        new()
        {
            Id = $"{sample.PatientId}-{id}",
            Status = ObservationStatus.Final,
            Subject = new ResourceReference($"Patient/{sample.PatientId}"),
            Code = new CodeableConcept(loincSystem, "8867-4"),
            Value = new Quantity(72, "/min"),
        };

    private static Bundle Transaction(IEnumerable<Resource> resources)
    {
        var bundle = new Bundle { Type = Bundle.BundleType.Transaction };
        foreach (var resource in resources)
        {
            bundle.Entry.Add(
                new Bundle.EntryComponent
                {
                    Resource = resource,
                    Request = new Bundle.RequestComponent
                    {
                        Method = Bundle.HTTPVerb.PUT,
                        Url = $"{resource.TypeName}/{resource.Id}",
                    },
                }
            );
        }

        return bundle;
    }
}
