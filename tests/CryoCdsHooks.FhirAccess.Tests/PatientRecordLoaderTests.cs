using System.Diagnostics;
using System.Text.Json;
using Hl7.Fhir.Model;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;
using static CryoCdsHooks.FhirAccess.Tests.LoaderHarness;
using Task = System.Threading.Tasks.Task;

namespace CryoCdsHooks.FhirAccess.Tests;

public sealed class PatientRecordLoaderTests : IDisposable
{
    private const string FhirJsonContentType = "application/fhir+json";

    private readonly WireMockServer server = WireMockServer.Start();

    public void Dispose() => server.Dispose();

    [Fact]
    public async Task Full_prefetch_is_used_without_any_http_call()
    {
        using var harness = new LoaderHarness();

        var result = await harness.Loader.LoadAsync(HookRequest(server, FullPrefetch()), CancellationToken.None);

        Assert.Empty(server.LogEntries);
        Assert.Empty(result.Problems);
        Assert.Equal(PatientId, result.Record.Patient?.Id);
        Assert.Equal(EncounterId, result.Record.Encounter?.Id);
        Assert.Equal("cov-1", Assert.Single(result.Record.Coverages).Id);
        Assert.Single(result.Record.Conditions);
        Assert.Single(result.Record.Observations);
        Assert.Single(result.Record.Procedures);
    }

    [Fact]
    public async Task Without_prefetch_all_keys_are_fetched_concurrently_with_the_bearer_token()
    {
        // Each response is held until all six requests have arrived: only concurrent fetches can all succeed
        // before the deadline, without asserting on elapsed time.
        const int keyCount = 6;
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

        void Serve(string path, Resource resource) => server
            .Given(Request.Create().WithPath(path).UsingGet())
            .RespondWith(Response.Create().WithHeader("Content-Type", FhirJsonContentType).WithBody(_ => HoldUntilAllArrived(ToJson(resource))));

        Serve($"/fhir/Patient/{PatientId}", NewPatient());
        Serve($"/fhir/Encounter/{EncounterId}", NewEncounter());
        Serve("/fhir/Coverage", SearchSet(NewCoverage()));
        Serve("/fhir/Condition", SearchSet(NewCondition()));
        Serve("/fhir/Observation", SearchSet(NewObservation()));
        Serve("/fhir/Procedure", SearchSet(NewProcedure()));
        using var harness = new LoaderHarness();

        var result = await harness.Loader.LoadAsync(HookRequest(server), CancellationToken.None);

        Assert.Empty(result.Problems);
        Assert.Equal(keyCount, server.LogEntries.Count());
        AssertEveryRequestCarriesTheToken(server);
        Assert.All(server.LogEntries, entry => Assert.Contains(FhirJsonContentType, entry.RequestMessage.Headers!["Accept"].ToString()));
        Assert.NotNull(result.Record.Patient);
        Assert.NotNull(result.Record.Encounter);
        Assert.Single(result.Record.Coverages);
        Assert.Single(result.Record.Conditions);
        Assert.Single(result.Record.Observations);
        Assert.Single(result.Record.Procedures);
        AssertNothingSensitiveLogged(harness);
    }

    [Fact]
    public async Task Search_queries_follow_the_prefetch_templates()
    {
        ServeEverything();
        using var harness = new LoaderHarness(observationCodes: [new Coding("http://loinc.org", "98979-8"), new Coding("http://loinc.org", "33914-3")]);

        await harness.Loader.LoadAsync(HookRequest(server), CancellationToken.None);

        var queries = server.LogEntries.Select(entry => Uri.UnescapeDataString(entry.RequestMessage.AbsoluteUrl)).ToList();
        Assert.Contains(queries, url => url.EndsWith($"/fhir/Coverage?patient={PatientId}&status=active&_count=100", StringComparison.Ordinal));
        Assert.Contains(queries, url => url.EndsWith($"/fhir/Observation?patient={PatientId}&code=http://loinc.org|98979-8,http://loinc.org|33914-3&_count=100", StringComparison.Ordinal));
        Assert.Contains(queries, url => url.EndsWith($"/fhir/Patient/{PatientId}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Partial_prefetch_fetches_only_the_missing_keys()
    {
        ServeEverything();
        using var harness = new LoaderHarness();
        var prefetch = FullPrefetch();
        prefetch.Remove(PrefetchTemplateCatalog.ConditionsKey);
        prefetch.Remove(PrefetchTemplateCatalog.PatientKey);

        var result = await harness.Loader.LoadAsync(HookRequest(server, prefetch), CancellationToken.None);

        Assert.Empty(result.Problems);
        Assert.Equal(
            ["/fhir/Condition", $"/fhir/Patient/{PatientId}"],
            server.LogEntries.Select(entry => entry.RequestMessage.Path).Order(StringComparer.Ordinal));
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

        var result = await harness.Loader.LoadAsync(HookRequest(server, prefetch), CancellationToken.None);

        Assert.Empty(server.LogEntries);
        Assert.Empty(result.Problems);
        Assert.Empty(result.Record.Conditions);
        Assert.Null(result.Record.Encounter);
    }

    [Fact]
    public async Task Prefetched_encounter_is_used_even_without_an_encounter_id()
    {
        using var harness = new LoaderHarness();

        var result = await harness.Loader.LoadAsync(HookRequest(server: null, FullPrefetch(), encounterId: null), CancellationToken.None);

        Assert.Empty(result.Problems);
        Assert.NotNull(result.Record.Encounter);
    }

    [Fact]
    public async Task Patient_key_is_not_required_because_no_criterion_reads_it()
    {
        using var harness = new LoaderHarness();
        var prefetch = FullPrefetch();
        prefetch.Remove(PrefetchTemplateCatalog.PatientKey);

        var result = await harness.Loader.LoadAsync(HookRequest(server: null, prefetch), CancellationToken.None);

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

        var result = await harness.Loader.LoadAsync(HookRequest(server: null, prefetch, encounterId: null), CancellationToken.None);

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

        var result = await harness.Loader.LoadAsync(HookRequest(server, prefetch), CancellationToken.None);

        Assert.Empty(result.Problems);
        Assert.Equal(
            ["/fhir/Observation", $"/fhir/Patient/{PatientId}"],
            server.LogEntries.Select(entry => entry.RequestMessage.Path).Order(StringComparer.Ordinal));
        Assert.Equal(PatientId, result.Record.Patient?.Id);
        Assert.Equal("obs-1", Assert.Single(result.Record.Observations).Id);
    }

    [Fact]
    public async Task OperationOutcome_in_prefetch_without_fhir_access_is_a_problem_not_a_412()
    {
        using var harness = new LoaderHarness();
        var prefetch = FullPrefetch();
        prefetch[PrefetchTemplateCatalog.CoverageKey] = ToElement(SearchSet(PrefetchFailure()));

        var result = await harness.Loader.LoadAsync(HookRequest(server: null, prefetch), CancellationToken.None);

        var problem = Assert.Single(result.Problems);
        Assert.Equal((PrefetchTemplateCatalog.CoverageKey, DataProblemKind.PrefetchOperationOutcome), (problem.PrefetchKey, problem.Kind));
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

        var exception = await Assert.ThrowsAsync<PrefetchUnavailableException>(
            () => harness.Loader.LoadAsync(HookRequest(server: null, prefetch), CancellationToken.None));

        Assert.Equal([PrefetchTemplateCatalog.CoverageKey, PrefetchTemplateCatalog.ProceduresKey], exception.MissingKeys);
    }

    [Fact]
    public async Task Missing_keys_without_an_access_token_throw_PrefetchUnavailable_and_send_nothing()
    {
        ServeEverything();
        using var harness = new LoaderHarness();

        await Assert.ThrowsAsync<PrefetchUnavailableException>(
            () => harness.Loader.LoadAsync(HookRequest(server, accessToken: null), CancellationToken.None));

        Assert.Empty(server.LogEntries);
    }

    [Fact]
    public async Task Invalid_fhir_in_prefetch_throws_InvalidPrefetch_naming_the_key_without_content()
    {
        using var harness = new LoaderHarness();
        var prefetch = FullPrefetch();
        prefetch[PrefetchTemplateCatalog.PatientKey] =
            JsonDocument.Parse("""{"resourceType":"Patient","id":"pat-8c1f","name":"Secret Smith","birthDate":{"x":1}}""").RootElement.Clone();

        var exception = await Assert.ThrowsAsync<InvalidPrefetchException>(
            () => harness.Loader.LoadAsync(HookRequest(server, prefetch), CancellationToken.None));

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
        prefetch[PrefetchTemplateCatalog.ConditionsKey] = JsonDocument.Parse("""{"resourceType":"NoSuchThing"}""").RootElement.Clone();

        var exception = await Assert.ThrowsAsync<InvalidPrefetchException>(
            () => harness.Loader.LoadAsync(HookRequest(server, prefetch), CancellationToken.None));

        Assert.Equal(PrefetchTemplateCatalog.ConditionsKey, exception.PrefetchKey);
    }

    [Fact]
    public async Task Search_follows_next_links_on_the_same_server()
    {
        ServeConditionPages(pageCount: 3);
        using var harness = new LoaderHarness();

        var result = await harness.Loader.LoadAsync(HookRequest(server, PrefetchExcept(PrefetchTemplateCatalog.ConditionsKey)), CancellationToken.None);

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

        var result = await harness.Loader.LoadAsync(HookRequest(server, PrefetchExcept(PrefetchTemplateCatalog.ConditionsKey)), CancellationToken.None);

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

        var result = await harness.Loader.LoadAsync(HookRequest(server, PrefetchExcept(PrefetchTemplateCatalog.ConditionsKey)), CancellationToken.None);

        Assert.Empty(foreignServer.LogEntries);
        Assert.Equal("cond-p1", Assert.Single(result.Record.Conditions).Id);
        var problem = Assert.Single(result.Problems);
        Assert.Equal((PrefetchTemplateCatalog.ConditionsKey, DataProblemKind.ServerNotAllowed), (problem.PrefetchKey, problem.Kind));
    }

    [Fact]
    public async Task Server_ignoring_the_code_filter_passes_all_observations_through_and_drops_other_types()
    {
        ServeJson("/fhir/Observation", SearchSet(
            NewObservation("egfr", "98979-8"),
            NewObservation("unrelated", "8867-4"),
            NewCondition("included-condition"),
            new OperationOutcome { Issue = [new() { Severity = OperationOutcome.IssueSeverity.Warning, Code = OperationOutcome.IssueType.NotSupported }] }));
        using var harness = new LoaderHarness(observationCodes: [new Coding("http://loinc.org", "98979-8")]);

        var result = await harness.Loader.LoadAsync(HookRequest(server, PrefetchExcept(PrefetchTemplateCatalog.ObservationsKey)), CancellationToken.None);

        Assert.Empty(result.Problems);
        Assert.Equal(["egfr", "unrelated"], result.Record.Observations.Select(observation => observation.Id));
    }

    [Fact]
    public async Task Slow_server_beyond_the_hook_deadline_yields_timeout_problems_instead_of_hanging()
    {
        server.Given(Request.Create().UsingGet())
            .RespondWith(Response.Create().WithDelay(TimeSpan.FromSeconds(20)).WithHeader("Content-Type", FhirJsonContentType).WithBody(ToJson(NewPatient())));
        using var harness = new LoaderHarness(new Dictionary<string, string?> { ["FhirAccess:HookDeadline"] = "00:00:00.300" });
        var prefetch = FullPrefetch();
        prefetch.Remove(PrefetchTemplateCatalog.PatientKey);
        prefetch.Remove(PrefetchTemplateCatalog.ConditionsKey);
        var stopwatch = Stopwatch.StartNew();

        var result = await harness.Loader.LoadAsync(HookRequest(server, prefetch), CancellationToken.None);

        // Generous margin: this checks that the deadline ends the wait, not how fast the machine is.
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"took {stopwatch.Elapsed}");
        Assert.Equal(
            [(PrefetchTemplateCatalog.ConditionsKey, DataProblemKind.Timeout), (PrefetchTemplateCatalog.PatientKey, DataProblemKind.Timeout)],
            result.Problems.Select(problem => (problem.PrefetchKey, problem.Kind)).Order());
        Assert.Null(result.Record.Patient);
        Assert.Single(result.Record.Procedures);
    }

    [Fact]
    public async Task Attempt_timeout_is_retried_then_reported_as_Timeout()
    {
        // WireMock logs a request only once answered, so count arrivals directly.
        var arrivals = 0;
        server.Given(Request.Create().UsingGet())
            .RespondWith(Response.Create().WithBody(async _ =>
            {
                Interlocked.Increment(ref arrivals);
                await Task.Delay(TimeSpan.FromSeconds(20));
                return "{}";
            }));
        using var harness = new LoaderHarness(new Dictionary<string, string?>
        {
            ["FhirAccess:AttemptTimeout"] = "00:00:00.500",
            ["FhirAccess:MaxRetries"] = "1",
        });

        var result = await harness.Loader.LoadAsync(HookRequest(server, PrefetchExcept(PrefetchTemplateCatalog.ProceduresKey)), CancellationToken.None);

        var problem = Assert.Single(result.Problems);
        Assert.Equal((PrefetchTemplateCatalog.ProceduresKey, DataProblemKind.Timeout), (problem.PrefetchKey, problem.Kind));
        // On a loaded machine WireMock may reach the retried request's callback a moment after the client gave up.
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (Volatile.Read(ref arrivals) < 2 && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.Equal(2, Volatile.Read(ref arrivals));
    }

    [Fact]
    public async Task Circuit_breaker_opens_per_fhir_server_so_other_servers_are_unaffected()
    {
        server.Given(Request.Create().UsingGet()).RespondWith(Response.Create().WithStatusCode(503));
        using var healthyServer = WireMockServer.Start();
        healthyServer.Given(Request.Create().WithPath($"/fhir/Patient/{PatientId}").UsingGet())
            .RespondWith(Response.Create().WithHeader("Content-Type", FhirJsonContentType).WithBody(ToJson(NewPatient())));
        using var harness = new LoaderHarness();

        // 6 keys x 3 attempts per load: two loads exceed the breaker's minimum throughput with 100 % failures.
        await harness.Loader.LoadAsync(HookRequest(server), CancellationToken.None);
        await harness.Loader.LoadAsync(HookRequest(server), CancellationToken.None);
        var requestsBeforeOpen = server.LogEntries.Count();
        var whileOpen = await harness.Loader.LoadAsync(HookRequest(server, PrefetchExcept(PrefetchTemplateCatalog.PatientKey)), CancellationToken.None);
        var otherServer = await harness.Loader.LoadAsync(HookRequest(healthyServer, PrefetchExcept(PrefetchTemplateCatalog.PatientKey)), CancellationToken.None);

        Assert.Equal(requestsBeforeOpen, server.LogEntries.Count());
        Assert.Equal(DataProblemKind.Unreachable, Assert.Single(whileOpen.Problems).Kind);
        Assert.Empty(otherServer.Problems);
        Assert.NotNull(otherServer.Record.Patient);
    }

    [Fact]
    public async Task Caller_cancellation_is_honoured()
    {
        server.Given(Request.Create().UsingGet())
            .RespondWith(Response.Create().WithDelay(TimeSpan.FromSeconds(20)).WithBody("{}"));
        using var harness = new LoaderHarness();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => harness.Loader.LoadAsync(HookRequest(server), cancellation.Token));
    }

    [Fact]
    public async Task Server_error_is_retried_and_the_later_success_is_used()
    {
        ServeFailureThenPatient(Response.Create().WithStatusCode(500));
        using var harness = new LoaderHarness();

        var result = await harness.Loader.LoadAsync(HookRequest(server, PrefetchExcept(PrefetchTemplateCatalog.PatientKey)), CancellationToken.None);

        Assert.Empty(result.Problems);
        Assert.Equal(PatientId, result.Record.Patient?.Id);
        Assert.Equal(2, server.LogEntries.Count());
        AssertEveryRequestCarriesTheToken(server);
        Assert.Contains(harness.Logs.Lines, line => line.Contains("Retrying", StringComparison.Ordinal) && line.Contains("HTTP 500", StringComparison.Ordinal));
        AssertNothingSensitiveLogged(harness);
    }

    [Fact]
    public async Task Too_many_requests_with_retry_after_is_retried_and_succeeds()
    {
        ServeFailureThenPatient(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "1"));
        using var harness = new LoaderHarness();

        var result = await harness.Loader.LoadAsync(HookRequest(server, PrefetchExcept(PrefetchTemplateCatalog.PatientKey)), CancellationToken.None);

        Assert.Empty(result.Problems);
        Assert.Equal(PatientId, result.Record.Patient?.Id);
        var requests = server.LogEntries.OrderBy(entry => entry.RequestMessage.DateTime).ToList();
        Assert.Equal(2, requests.Count);
        // Retry-After (1 s) replaces the 10 ms base delay; allow for clock granularity.
        Assert.True(requests[1].RequestMessage.DateTime - requests[0].RequestMessage.DateTime >= TimeSpan.FromMilliseconds(900));
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    public async Task Unauthorized_is_not_retried_and_is_reported(int status)
    {
        server.Given(Request.Create().UsingGet()).RespondWith(Response.Create().WithStatusCode(status));
        using var harness = new LoaderHarness();

        var result = await harness.Loader.LoadAsync(HookRequest(server, PrefetchExcept(PrefetchTemplateCatalog.PatientKey)), CancellationToken.None);

        Assert.Single(server.LogEntries);
        var problem = Assert.Single(result.Problems);
        Assert.Equal((PrefetchTemplateCatalog.PatientKey, DataProblemKind.Unauthorized), (problem.PrefetchKey, problem.Kind));
        Assert.DoesNotContain(AccessToken, problem.Message, StringComparison.Ordinal);
        AssertNothingSensitiveLogged(harness);
    }

    [Theory]
    [InlineData(FaultType.EMPTY_RESPONSE)]
    [InlineData(FaultType.MALFORMED_RESPONSE_CHUNK)]
    public async Task Connection_fault_is_reported_as_a_problem_without_throwing(FaultType fault)
    {
        server.Given(Request.Create().UsingGet()).RespondWith(Response.Create().WithFault(fault));
        using var harness = new LoaderHarness();

        var result = await harness.Loader.LoadAsync(HookRequest(server, PrefetchExcept(PrefetchTemplateCatalog.ConditionsKey)), CancellationToken.None);

        var problem = Assert.Single(result.Problems);
        Assert.Equal(PrefetchTemplateCatalog.ConditionsKey, problem.PrefetchKey);
        Assert.Contains(problem.Kind, new[] { DataProblemKind.Unreachable, DataProblemKind.MalformedResponse });
        Assert.Empty(result.Record.Conditions);
        AssertNothingSensitiveLogged(harness);
    }

    [Fact]
    public async Task Malformed_json_body_is_reported_as_MalformedResponse()
    {
        server.Given(Request.Create().UsingGet())
            .RespondWith(Response.Create().WithHeader("Content-Type", FhirJsonContentType).WithBody("""{"resourceType":"Bundle","entry":[{"resource":"""));
        using var harness = new LoaderHarness();

        var result = await harness.Loader.LoadAsync(HookRequest(server, PrefetchExcept(PrefetchTemplateCatalog.ConditionsKey)), CancellationToken.None);

        var problem = Assert.Single(result.Problems);
        Assert.Equal((PrefetchTemplateCatalog.ConditionsKey, DataProblemKind.MalformedResponse), (problem.PrefetchKey, problem.Kind));
        Assert.Single(server.LogEntries);
    }

    [Fact]
    public async Task Read_answered_with_another_resource_type_is_reported_as_MalformedResponse()
    {
        ServeJson($"/fhir/Patient/{PatientId}", NewCondition());
        using var harness = new LoaderHarness();

        var result = await harness.Loader.LoadAsync(HookRequest(server, PrefetchExcept(PrefetchTemplateCatalog.PatientKey)), CancellationToken.None);

        Assert.Equal(DataProblemKind.MalformedResponse, Assert.Single(result.Problems).Kind);
        Assert.Null(result.Record.Patient);
    }

    [Fact]
    public async Task Redirect_to_another_host_is_not_followed_so_the_token_stays_home()
    {
        using var foreignServer = WireMockServer.Start();
        foreignServer.Given(Request.Create().UsingGet())
            .RespondWith(Response.Create().WithHeader("Content-Type", FhirJsonContentType).WithBody(ToJson(NewPatient())));
        server.Given(Request.Create().UsingGet())
            .RespondWith(Response.Create().WithStatusCode(302).WithHeader("Location", $"{foreignServer.Url}/fhir/Patient/{PatientId}"));
        using var harness = new LoaderHarness();

        var result = await harness.Loader.LoadAsync(HookRequest(server, PrefetchExcept(PrefetchTemplateCatalog.PatientKey)), CancellationToken.None);

        Assert.Empty(foreignServer.LogEntries);
        Assert.Single(server.LogEntries);
        Assert.Equal(DataProblemKind.ServerError, Assert.Single(result.Problems).Kind);
        Assert.Null(result.Record.Patient);
    }

    [Fact]
    public async Task Fhir_server_not_on_the_allowlist_throws_and_receives_no_request()
    {
        ServeEverything();
        using var harness = new LoaderHarness(new Dictionary<string, string?>
        {
            ["FhirAccess:AllowLoopback"] = "false",
            ["FhirAccess:AllowedFhirServers:0"] = "https://ehr.example.org/fhir",
        });

        var exception = await Assert.ThrowsAsync<FhirServerNotAllowedException>(
            () => harness.Loader.LoadAsync(HookRequest(server, PrefetchExcept(PrefetchTemplateCatalog.PatientKey)), CancellationToken.None));

        Assert.Empty(server.LogEntries);
        Assert.DoesNotContain(AccessToken, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fhir_server_not_on_the_allowlist_is_irrelevant_when_nothing_must_be_fetched()
    {
        using var harness = new LoaderHarness(new Dictionary<string, string?> { ["FhirAccess:AllowLoopback"] = "false" });

        var result = await harness.Loader.LoadAsync(HookRequest(server, FullPrefetch()), CancellationToken.None);

        Assert.Empty(result.Problems);
        Assert.Empty(server.LogEntries);
    }

    [Fact]
    public async Task Not_found_read_is_reported_as_NotFound()
    {
        server.Given(Request.Create().UsingGet()).RespondWith(Response.Create().WithStatusCode(404));
        using var harness = new LoaderHarness();

        var result = await harness.Loader.LoadAsync(HookRequest(server, PrefetchExcept(PrefetchTemplateCatalog.EncounterKey)), CancellationToken.None);

        var problem = Assert.Single(result.Problems);
        Assert.Equal((PrefetchTemplateCatalog.EncounterKey, DataProblemKind.NotFound), (problem.PrefetchKey, problem.Kind));
        Assert.Single(server.LogEntries);
    }

    private static Dictionary<string, JsonElement> PrefetchExcept(string key)
    {
        var prefetch = FullPrefetch();
        prefetch.Remove(key);
        return prefetch;
    }

    private void ServeJson(string path, Resource resource) => server
        .Given(Request.Create().WithPath(path).UsingGet())
        .RespondWith(Response.Create().WithHeader("Content-Type", FhirJsonContentType).WithBody(ToJson(resource)));

    private void ServeEverything()
    {
        ServeJson($"/fhir/Patient/{PatientId}", NewPatient());
        ServeJson($"/fhir/Encounter/{EncounterId}", NewEncounter());
        ServeJson("/fhir/Coverage", SearchSet(NewCoverage()));
        ServeJson("/fhir/Condition", SearchSet(NewCondition()));
        ServeJson("/fhir/Observation", SearchSet(NewObservation()));
        ServeJson("/fhir/Procedure", SearchSet(NewProcedure()));
    }

    private void ServeConditionPages(int pageCount)
    {
        for (var page = 1; page <= pageCount; page++)
        {
            var next = page < pageCount ? $"{server.Url}/fhir/Condition?patient={PatientId}&page={page + 1}" : null;
            var request = Request.Create().WithPath("/fhir/Condition").UsingGet();
            server.Given(page == 1 ? request : request.WithParam("page", page.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                .AtPriority(page == 1 ? 10 : 1)
                .RespondWith(Response.Create().WithHeader("Content-Type", FhirJsonContentType).WithBody(ToJson(SearchSet(next, NewCondition($"cond-p{page}")))));
        }
    }

    private void ServeFailureThenPatient(IResponseBuilder failure)
    {
        var path = $"/fhir/Patient/{PatientId}";
        server.Given(Request.Create().WithPath(path).UsingGet())
            .InScenario("flaky").WillSetStateTo("recovered")
            .RespondWith(failure);
        server.Given(Request.Create().WithPath(path).UsingGet())
            .InScenario("flaky").WhenStateIs("recovered")
            .RespondWith(Response.Create().WithHeader("Content-Type", FhirJsonContentType).WithBody(ToJson(NewPatient())));
    }

    private static void AssertEveryRequestCarriesTheToken(WireMockServer fhirServer) =>
        Assert.All(fhirServer.LogEntries, entry =>
        {
            Assert.True(entry.RequestMessage.Headers!.TryGetValue("Authorization", out var authorization));
            Assert.Equal($"Bearer {AccessToken}", Assert.Single(authorization!));
        });

    private static void AssertNothingSensitiveLogged(LoaderHarness harness) =>
        Assert.All(harness.Logs.Lines, line =>
        {
            Assert.DoesNotContain(AccessToken, line, StringComparison.Ordinal);
            Assert.DoesNotContain(PatientId, line, StringComparison.Ordinal);
        });
}
