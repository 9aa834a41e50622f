using System.Text.Json;
using Hl7.Fhir.Model;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using static CryoCdsHooks.FhirAccess.Tests.LoaderHarness;
using Task = System.Threading.Tasks.Task;

namespace CryoCdsHooks.FhirAccess.Tests;

public sealed partial class PatientRecordLoaderTests : IDisposable
{
    private const string FhirJsonContentType = "application/fhir+json";

    private readonly WireMockServer server = WireMockServer.Start();

    public void Dispose() => server.Dispose();

    [Fact]
    public async Task Full_prefetch_is_used_without_any_http_call()
    {
        using var harness = new LoaderHarness();

        var result = await harness.LoadAsync(HookRequest(server, FullPrefetch()), CancellationToken.None);

        Assert.Empty(server.LogEntries);
        Assert.Empty(result.Problems);
        Assert.Equal(PatientId, result.Record.Patient?.Id);
        Assert.Equal(EncounterId, result.Record.Encounter?.Id);
        Assert.Equal("cov-1", Assert.Single(result.Record.Coverages).Id);
        Assert.Single(result.Record.Conditions);
        Assert.Single(result.Record.Observations);
        Assert.Single(result.Record.Procedures);
        Assert.Equal("dr-1", Assert.Single(result.Record.DiagnosticReports).Id);
        Assert.Equal("qr-1", Assert.Single(result.Record.QuestionnaireResponses).Id);
    }

    [Fact]
    public async Task Prefetched_observations_outside_the_template_code_filter_are_left_out_and_the_rest_kept()
    {
        using var harness = new LoaderHarness(observationCodes: [new Coding("http://loinc.org", "98979-8")]);
        var prefetch = FullPrefetch();
        var unrelated = NewObservation("obs-heart-rate", "8867-4");
        var twoCodings = NewObservation("obs-egfr-local", "local-1");
        twoCodings.Code.Coding.Add(new Coding("http://loinc.org", "98979-8"));
        prefetch[PrefetchTemplateCatalog.ObservationsKey] = ToElement(
            SearchSet(NewObservation(), unrelated, twoCodings, NewCondition("cond-in-bundle"))
        );

        var result = await harness.LoadAsync(HookRequest(server, prefetch), CancellationToken.None);

        Assert.Equal(["obs-1", "obs-egfr-local"], result.Record.Observations.Select(o => o.Id));
    }

    [Fact]
    public async Task Without_a_code_filter_every_prefetched_observation_is_kept()
    {
        using var harness = new LoaderHarness(observationCodes: []);
        var prefetch = FullPrefetch();
        prefetch[PrefetchTemplateCatalog.ObservationsKey] = ToElement(
            SearchSet(NewObservation(), NewObservation("obs-heart-rate", "8867-4"))
        );

        var result = await harness.LoadAsync(HookRequest(server, prefetch), CancellationToken.None);

        Assert.Equal(["obs-1", "obs-heart-rate"], result.Record.Observations.Select(o => o.Id));
    }

    [Fact]
    public async Task Without_prefetch_all_keys_are_fetched_concurrently_with_the_bearer_token()
    {
        // Each response is held until all eight requests have arrived: only concurrent fetches can all succeed
        // before the deadline, without asserting on elapsed time.
        const int keyCount = 8;
        var arrived = 0;
        var allArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task<string> HoldUntilAllArrived(string body)
        {
            if (Interlocked.Increment(ref arrived) == keyCount)
            {
                allArrived.SetResult();
            }

            await allArrived.Task.WaitAsync(TimeSpan.FromSeconds(10));
            return body;
        }

        void Serve(string path, Resource resource) =>
            server
                .Given(Request.Create().WithPath(path).UsingGet())
                .RespondWith(
                    Response
                        .Create()
                        .WithHeader("Content-Type", FhirJsonContentType)
                        .WithBody(_ => HoldUntilAllArrived(ToJson(resource)))
                );

        Serve($"/fhir/Patient/{PatientId}", NewPatient());
        Serve($"/fhir/Encounter/{EncounterId}", NewEncounter());
        Serve("/fhir/Coverage", SearchSet(NewCoverage()));
        Serve("/fhir/Condition", SearchSet(NewCondition()));
        Serve("/fhir/Observation", SearchSet(NewObservation()));
        Serve("/fhir/Procedure", SearchSet(NewProcedure()));
        Serve("/fhir/DiagnosticReport", SearchSet(NewDiagnosticReport()));
        Serve("/fhir/QuestionnaireResponse", SearchSet(NewQuestionnaireResponse()));
        using var harness = new LoaderHarness();

        var result = await harness.LoadAsync(HookRequest(server), CancellationToken.None);

        Assert.Empty(result.Problems);
        Assert.Equal(keyCount, server.LogEntries.Count());
        AssertEveryRequestCarriesTheToken(server);
        Assert.All(server.LogEntries, entry =>
            Assert.Contains(FhirJsonContentType, entry.RequestMessage.Headers!["Accept"].ToString())
        );
        Assert.NotNull(result.Record.Patient);
        Assert.NotNull(result.Record.Encounter);
        Assert.Single(result.Record.Coverages);
        Assert.Single(result.Record.Conditions);
        Assert.Single(result.Record.Observations);
        Assert.Single(result.Record.Procedures);
        Assert.Single(result.Record.DiagnosticReports);
        Assert.Single(result.Record.QuestionnaireResponses);
        AssertNothingSensitiveLogged(harness);
    }

    [Fact]
    public async Task Search_queries_follow_the_prefetch_templates()
    {
        ServeEverything();
        using var harness = new LoaderHarness(
            observationCodes: [new Coding("http://loinc.org", "98979-8"), new Coding("http://loinc.org", "33914-3")]
        );

        await harness.LoadAsync(HookRequest(server), CancellationToken.None);

        var queries = server
            .LogEntries.Select(entry => Uri.UnescapeDataString(entry.RequestMessage.AbsoluteUrl))
            .ToList();
        Assert.Contains(queries, url =>
            url.EndsWith($"/fhir/Coverage?patient={PatientId}&status=active&_count=100", StringComparison.Ordinal)
        );
        Assert.Contains(queries, url =>
            url.EndsWith(
                $"/fhir/Observation?patient={PatientId}"
                    + "&code=http://loinc.org|98979-8,http://loinc.org|33914-3&_count=100",
                StringComparison.Ordinal
            )
        );
        Assert.Contains(queries, url => url.EndsWith($"/fhir/Patient/{PatientId}", StringComparison.Ordinal));
        Assert.Contains(queries, url =>
            url.EndsWith(
                $"/fhir/DiagnosticReport?patient={PatientId}&status=final,amended,corrected,appended&_count=100",
                StringComparison.Ordinal
            )
        );
        Assert.Contains(queries, url =>
            url.EndsWith(
                $"/fhir/QuestionnaireResponse?subject={PatientId}&status=completed,amended&_count=100",
                StringComparison.Ordinal
            )
        );
    }

    [Fact]
    public async Task Reports_not_prefetched_without_a_fhir_server_are_no_precondition_failure()
    {
        using var harness = new LoaderHarness();
        var prefetch = FullPrefetch();
        prefetch.Remove(PrefetchTemplateCatalog.DiagnosticReportsKey);

        var result = await harness.LoadAsync(HookRequest(server: null, prefetch), CancellationToken.None);

        Assert.Empty(result.Problems);
        Assert.Empty(result.Record.DiagnosticReports);
        Assert.Single(result.Record.Conditions);
    }

    [Fact]
    public async Task Dtr_answers_not_prefetched_without_a_fhir_server_are_no_precondition_failure()
    {
        using var harness = new LoaderHarness();
        var prefetch = FullPrefetch();
        prefetch.Remove(PrefetchTemplateCatalog.QuestionnaireResponsesKey);

        var result = await harness.LoadAsync(HookRequest(server: null, prefetch), CancellationToken.None);

        Assert.Empty(result.Problems);
        Assert.Empty(result.Record.QuestionnaireResponses);
        Assert.Single(result.Record.Conditions);
    }

    [Fact]
    public async Task Partial_prefetch_fetches_only_the_missing_keys()
    {
        ServeEverything();
        using var harness = new LoaderHarness();
        var prefetch = FullPrefetch();
        prefetch.Remove(PrefetchTemplateCatalog.ConditionsKey);
        prefetch.Remove(PrefetchTemplateCatalog.PatientKey);

        var result = await harness.LoadAsync(HookRequest(server, prefetch), CancellationToken.None);

        Assert.Empty(result.Problems);
        Assert.Equal(
            ["/fhir/Condition", $"/fhir/Patient/{PatientId}"],
            server.LogEntries.Select(entry => entry.RequestMessage.Path).Order(StringComparer.Ordinal)
        );
        AssertEveryRequestCarriesTheToken(server);
        Assert.NotNull(result.Record.Patient);
        Assert.Single(result.Record.Conditions);
    }

    [Fact]
    public async Task Explicit_null_prefetch_means_no_data_and_is_not_fetched()
    {
        ServeEverything();
        using var harness = new LoaderHarness();
        var prefetch = FullPrefetch();
        prefetch[PrefetchTemplateCatalog.ConditionsKey] = Null;
        prefetch[PrefetchTemplateCatalog.EncounterKey] = Null;

        var result = await harness.LoadAsync(HookRequest(server, prefetch), CancellationToken.None);

        Assert.Empty(server.LogEntries);
        Assert.Empty(result.Problems);
        Assert.Empty(result.Record.Conditions);
        Assert.Null(result.Record.Encounter);
    }

    [Fact]
    public async Task Prefetched_encounter_is_used_even_without_an_encounter_id()
    {
        using var harness = new LoaderHarness();

        var result = await harness.LoadAsync(
            HookRequest(server: null, FullPrefetch(), encounterId: null),
            CancellationToken.None
        );

        Assert.Empty(result.Problems);
        Assert.NotNull(result.Record.Encounter);
    }

    [Fact]
    public async Task Patient_key_is_not_required_because_no_criterion_reads_it()
    {
        using var harness = new LoaderHarness();
        var prefetch = FullPrefetch();
        prefetch.Remove(PrefetchTemplateCatalog.PatientKey);

        var result = await harness.LoadAsync(HookRequest(server: null, prefetch), CancellationToken.None);

        Assert.Empty(result.Problems);
        Assert.Null(result.Record.Patient);
        Assert.NotEmpty(result.Record.Conditions);
    }

    [Fact]
    public async Task Encounter_is_neither_required_nor_fetched_without_an_encounter_id()
    {
        using var harness = new LoaderHarness();
        var prefetch = FullPrefetch();
        prefetch.Remove(PrefetchTemplateCatalog.EncounterKey);

        var result = await harness.LoadAsync(
            HookRequest(server: null, prefetch, encounterId: null),
            CancellationToken.None
        );

        Assert.Empty(result.Problems);
        Assert.Null(result.Record.Encounter);
    }

    [Fact]
    public async Task OperationOutcome_in_prefetch_is_refetched_from_the_fhir_server()
    {
        ServeEverything();
        using var harness = new LoaderHarness();
        var prefetch = FullPrefetch();
        prefetch[PrefetchTemplateCatalog.PatientKey] = ToElement(PrefetchFailure());
        prefetch[PrefetchTemplateCatalog.ObservationsKey] = ToElement(SearchSet(PrefetchFailure()));

        var result = await harness.LoadAsync(HookRequest(server, prefetch), CancellationToken.None);

        Assert.Empty(result.Problems);
        Assert.Equal(
            ["/fhir/Observation", $"/fhir/Patient/{PatientId}"],
            server.LogEntries.Select(entry => entry.RequestMessage.Path).Order(StringComparer.Ordinal)
        );
        Assert.Equal(PatientId, result.Record.Patient?.Id);
        Assert.Equal("obs-1", Assert.Single(result.Record.Observations).Id);
    }

    [Fact]
    public async Task OperationOutcome_in_prefetch_without_fhir_access_is_a_problem_not_a_412()
    {
        using var harness = new LoaderHarness();
        var prefetch = FullPrefetch();
        prefetch[PrefetchTemplateCatalog.CoverageKey] = ToElement(SearchSet(PrefetchFailure()));

        var result = await harness.LoadAsync(HookRequest(server: null, prefetch), CancellationToken.None);

        var problem = Assert.Single(result.Problems);
        Assert.Equal(
            (PrefetchTemplateCatalog.CoverageKey, DataProblemKind.PrefetchOperationOutcome),
            (problem.PrefetchKey, problem.Kind)
        );
        Assert.Empty(result.Record.Coverages);
        Assert.NotNull(result.Record.Patient);
    }

    [Fact]
    public async Task Missing_keys_without_a_fhir_server_throw_PrefetchUnavailable_listing_them()
    {
        using var harness = new LoaderHarness();
        var prefetch = FullPrefetch();
        prefetch.Remove(PrefetchTemplateCatalog.CoverageKey);
        prefetch.Remove(PrefetchTemplateCatalog.ProceduresKey);

        var exception = await Assert.ThrowsAsync<PrefetchUnavailableException>(() =>
            harness.LoadAsync(HookRequest(server: null, prefetch), CancellationToken.None)
        );

        Assert.Equal(
            [PrefetchTemplateCatalog.CoverageKey, PrefetchTemplateCatalog.ProceduresKey],
            exception.MissingKeys
        );
    }

    [Fact]
    public async Task Missing_keys_without_an_access_token_throw_PrefetchUnavailable_and_send_nothing()
    {
        ServeEverything();
        using var harness = new LoaderHarness();

        await Assert.ThrowsAsync<PrefetchUnavailableException>(() =>
            harness.LoadAsync(HookRequest(server, accessToken: null), CancellationToken.None)
        );

        Assert.Empty(server.LogEntries);
    }

    [Fact]
    public async Task Invalid_fhir_in_prefetch_throws_InvalidPrefetch_naming_the_key_without_content()
    {
        using var harness = new LoaderHarness();
        var prefetch = FullPrefetch();
        prefetch[PrefetchTemplateCatalog.PatientKey] = JsonDocument
            .Parse("""{"resourceType":"Patient","id":"pat-8c1f","name":"Secret Smith","birthDate":{"x":1}}""")
            .RootElement.Clone();

        var exception = await Assert.ThrowsAsync<InvalidPrefetchException>(() =>
            harness.LoadAsync(HookRequest(server, prefetch), CancellationToken.None)
        );

        Assert.Equal(PrefetchTemplateCatalog.PatientKey, exception.PrefetchKey);
        Assert.Contains("'patient'", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Secret", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(PatientId, exception.Message, StringComparison.Ordinal);
        Assert.Empty(server.LogEntries);
    }

    [Fact]
    public async Task Prefetch_value_that_is_not_a_resource_throws_InvalidPrefetch()
    {
        using var harness = new LoaderHarness();
        var prefetch = FullPrefetch();
        prefetch[PrefetchTemplateCatalog.ConditionsKey] = JsonDocument
            .Parse("""{"resourceType":"NoSuchThing"}""")
            .RootElement.Clone();

        var exception = await Assert.ThrowsAsync<InvalidPrefetchException>(() =>
            harness.LoadAsync(HookRequest(server, prefetch), CancellationToken.None)
        );

        Assert.Equal(PrefetchTemplateCatalog.ConditionsKey, exception.PrefetchKey);
    }

    [Fact]
    public async Task Search_follows_next_links_on_the_same_server()
    {
        ServeConditionPages(pageCount: 3);
        using var harness = new LoaderHarness();

        var result = await harness.LoadAsync(
            HookRequest(server, PrefetchExcept(PrefetchTemplateCatalog.ConditionsKey)),
            CancellationToken.None
        );

        Assert.Empty(result.Problems);
        Assert.Equal(["cond-p1", "cond-p2", "cond-p3"], result.Record.Conditions.Select(condition => condition.Id));
        Assert.Equal(3, server.LogEntries.Count());
        AssertEveryRequestCarriesTheToken(server);
    }

    [Fact]
    public async Task Search_stops_at_the_page_cap_and_reports_incomplete_results()
    {
        ServeConditionPages(pageCount: 4);
        using var harness = new LoaderHarness(new Dictionary<string, string?> { ["FhirAccess:MaxSearchPages"] = "2" });

        var result = await harness.LoadAsync(
            HookRequest(server, PrefetchExcept(PrefetchTemplateCatalog.ConditionsKey)),
            CancellationToken.None
        );

        Assert.Equal(["cond-p1", "cond-p2"], result.Record.Conditions.Select(condition => condition.Id));
        Assert.Equal(2, server.LogEntries.Count());
        Assert.Equal(DataProblemKind.PageLimitReached, Assert.Single(result.Problems).Kind);
    }

    [Fact]
    public async Task Next_link_to_another_host_is_not_followed()
    {
        using var foreignServer = WireMockServer.Start();
        var foreignNext = $"{foreignServer.Url}/fhir/Condition?page=2";
        ServeJson("/fhir/Condition", SearchSet(foreignNext, NewCondition("cond-p1")));
        using var harness = new LoaderHarness();

        var result = await harness.LoadAsync(
            HookRequest(server, PrefetchExcept(PrefetchTemplateCatalog.ConditionsKey)),
            CancellationToken.None
        );

        Assert.Empty(foreignServer.LogEntries);
        Assert.Equal("cond-p1", Assert.Single(result.Record.Conditions).Id);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(
            (PrefetchTemplateCatalog.ConditionsKey, DataProblemKind.ServerNotAllowed),
            (problem.PrefetchKey, problem.Kind)
        );
    }

    [Fact]
    public async Task Server_ignoring_the_code_filter_passes_all_observations_through_and_drops_other_types()
    {
        ServeJson(
            "/fhir/Observation",
            SearchSet(
                NewObservation("egfr", "98979-8"),
                NewObservation("unrelated", "8867-4"),
                NewCondition("included-condition"),
                new OperationOutcome
                {
                    Issue =
                    [
                        new()
                        {
                            Severity = OperationOutcome.IssueSeverity.Warning,
                            Code = OperationOutcome.IssueType.NotSupported,
                        },
                    ],
                }
            )
        );
        using var harness = new LoaderHarness(observationCodes: [new Coding("http://loinc.org", "98979-8")]);

        var result = await harness.LoadAsync(
            HookRequest(server, PrefetchExcept(PrefetchTemplateCatalog.ObservationsKey)),
            CancellationToken.None
        );

        Assert.Empty(result.Problems);
        Assert.Equal(["egfr", "unrelated"], result.Record.Observations.Select(observation => observation.Id));
    }
}
