using System.Diagnostics;
using System.Text.Json;
using Hl7.Fhir.Model;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using static CryoCdsHooks.FhirAccess.Tests.LoaderHarness;
using Task = System.Threading.Tasks.Task;

namespace CryoCdsHooks.FhirAccess.Tests;

/// <summary>
/// FHIR server faults: deadline, timeouts, retries, circuit breaker, errors, redirects and the allowlist.
/// </summary>
public sealed partial class PatientRecordLoaderTests
{
    [Fact]
    public async Task Slow_server_beyond_the_hook_deadline_yields_timeout_problems_instead_of_hanging()
    {
        server
            .Given(Request.Create().UsingGet())
            .RespondWith(
                Response
                    .Create()
                    .WithDelay(TimeSpan.FromSeconds(20))
                    .WithHeader("Content-Type", FhirJsonContentType)
                    .WithBody(ToJson(NewPatient()))
            );
        using var harness = new LoaderHarness(
            new Dictionary<string, string?> { ["FhirAccess:HookDeadline"] = "00:00:00.300" }
        );
        var prefetch = FullPrefetch();
        prefetch.Remove(PrefetchTemplateCatalog.PatientKey);
        prefetch.Remove(PrefetchTemplateCatalog.ConditionsKey);
        var stopwatch = Stopwatch.StartNew();

        var result = await harness.LoadAsync(HookRequest(server, prefetch), CancellationToken.None);

        // Generous margin: this checks that the deadline ends the wait, not how fast the machine is.
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"took {stopwatch.Elapsed}");
        Assert.Equal(
            [
                (PrefetchTemplateCatalog.ConditionsKey, DataProblemKind.Timeout),
                (PrefetchTemplateCatalog.PatientKey, DataProblemKind.Timeout),
            ],
            result.Problems.Select(problem => (problem.PrefetchKey, problem.Kind)).Order()
        );
        Assert.Null(result.Record.Patient);
        Assert.Single(result.Record.Procedures);
    }

    [Fact]
    public async Task Attempt_timeout_is_retried_then_reported_as_Timeout()
    {
        // WireMock logs a request only once answered, so count arrivals directly.
        var arrivals = 0;
        server
            .Given(Request.Create().UsingGet())
            .RespondWith(
                Response
                    .Create()
                    .WithBody(async _ =>
                    {
                        Interlocked.Increment(ref arrivals);
                        await Task.Delay(TimeSpan.FromSeconds(20));
                        return "{}";
                    })
            );
        using var harness = new LoaderHarness(
            new Dictionary<string, string?>
            {
                ["FhirAccess:AttemptTimeout"] = "00:00:00.500",
                ["FhirAccess:MaxRetries"] = "1",
            }
        );

        var result = await harness.LoadAsync(
            HookRequest(server, PrefetchExcept(PrefetchTemplateCatalog.ProceduresKey)),
            CancellationToken.None
        );

        var problem = Assert.Single(result.Problems);
        Assert.Equal(
            (PrefetchTemplateCatalog.ProceduresKey, DataProblemKind.Timeout),
            (problem.PrefetchKey, problem.Kind)
        );
        // On a loaded machine WireMock may reach the retried request's callback a moment after the client gave up.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (Volatile.Read(ref arrivals) < 2 && DateTime.UtcNow < deadline)
            await Task.Delay(20);
        Assert.Equal(2, Volatile.Read(ref arrivals));
    }

    [Fact]
    public async Task Circuit_breaker_opens_per_fhir_server_so_other_servers_are_unaffected()
    {
        server.Given(Request.Create().UsingGet()).RespondWith(Response.Create().WithStatusCode(503));
        using var healthyServer = WireMockServer.Start();
        healthyServer
            .Given(Request.Create().WithPath($"/fhir/Patient/{PatientId}").UsingGet())
            .RespondWith(
                Response.Create().WithHeader("Content-Type", FhirJsonContentType).WithBody(ToJson(NewPatient()))
            );
        using var harness = new LoaderHarness();

        // 6 keys x 3 attempts per load: two loads exceed the breaker's minimum throughput with 100 % failures.
        await harness.LoadAsync(HookRequest(server), CancellationToken.None);
        await harness.LoadAsync(HookRequest(server), CancellationToken.None);
        var requestsBeforeOpen = server.LogEntries.Count();
        var whileOpen = await harness.LoadAsync(
            HookRequest(server, PrefetchExcept(PrefetchTemplateCatalog.PatientKey)),
            CancellationToken.None
        );
        var otherServer = await harness.LoadAsync(
            HookRequest(healthyServer, PrefetchExcept(PrefetchTemplateCatalog.PatientKey)),
            CancellationToken.None
        );

        Assert.Equal(requestsBeforeOpen, server.LogEntries.Count());
        Assert.Equal(DataProblemKind.Unreachable, Assert.Single(whileOpen.Problems).Kind);
        Assert.Empty(otherServer.Problems);
        Assert.NotNull(otherServer.Record.Patient);
    }

    [Fact]
    public async Task Caller_cancellation_is_honoured()
    {
        server
            .Given(Request.Create().UsingGet())
            .RespondWith(Response.Create().WithDelay(TimeSpan.FromSeconds(20)).WithBody("{}"));
        using var harness = new LoaderHarness();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            harness.LoadAsync(HookRequest(server), cancellation.Token)
        );
    }

    [Fact]
    public async Task Server_error_is_retried_and_the_later_success_is_used()
    {
        ServeFailureThenPatient(Response.Create().WithStatusCode(500));
        using var harness = new LoaderHarness();

        var result = await harness.LoadAsync(
            HookRequest(server, PrefetchExcept(PrefetchTemplateCatalog.PatientKey)),
            CancellationToken.None
        );

        Assert.Empty(result.Problems);
        Assert.Equal(PatientId, result.Record.Patient?.Id);
        Assert.Equal(2, server.LogEntries.Count());
        AssertEveryRequestCarriesTheToken(server);
        Assert.Contains(harness.Logs.Lines, line =>
            line.Contains("Retrying", StringComparison.Ordinal) && line.Contains("HTTP 500", StringComparison.Ordinal)
        );
        AssertNothingSensitiveLogged(harness);
    }

    [Fact]
    public async Task Too_many_requests_with_retry_after_is_retried_and_succeeds()
    {
        ServeFailureThenPatient(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "1"));
        using var harness = new LoaderHarness();

        var result = await harness.LoadAsync(
            HookRequest(server, PrefetchExcept(PrefetchTemplateCatalog.PatientKey)),
            CancellationToken.None
        );

        Assert.Empty(result.Problems);
        Assert.Equal(PatientId, result.Record.Patient?.Id);
        var requests = server.LogEntries.OrderBy(entry => entry.RequestMessage.DateTime).ToList();
        Assert.Equal(2, requests.Count);
        // Retry-After (1 s) replaces the 10 ms base delay; allow for clock granularity.
        Assert.True(
            requests[1].RequestMessage.DateTime - requests[0].RequestMessage.DateTime >= TimeSpan.FromMilliseconds(900)
        );
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    public async Task Unauthorized_is_not_retried_and_is_reported(int status)
    {
        server.Given(Request.Create().UsingGet()).RespondWith(Response.Create().WithStatusCode(status));
        using var harness = new LoaderHarness();

        var result = await harness.LoadAsync(
            HookRequest(server, PrefetchExcept(PrefetchTemplateCatalog.PatientKey)),
            CancellationToken.None
        );

        Assert.Single(server.LogEntries);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(
            (PrefetchTemplateCatalog.PatientKey, DataProblemKind.Unauthorized),
            (problem.PrefetchKey, problem.Kind)
        );
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

        var result = await harness.LoadAsync(
            HookRequest(server, PrefetchExcept(PrefetchTemplateCatalog.ConditionsKey)),
            CancellationToken.None
        );

        var problem = Assert.Single(result.Problems);
        Assert.Equal(PrefetchTemplateCatalog.ConditionsKey, problem.PrefetchKey);
        Assert.Contains(problem.Kind, new[] { DataProblemKind.Unreachable, DataProblemKind.MalformedResponse });
        Assert.Empty(result.Record.Conditions);
        AssertNothingSensitiveLogged(harness);
    }

    [Fact]
    public async Task Malformed_json_body_is_reported_as_MalformedResponse()
    {
        server
            .Given(Request.Create().UsingGet())
            .RespondWith(
                Response
                    .Create()
                    .WithHeader("Content-Type", FhirJsonContentType)
                    .WithBody("""{"resourceType":"Bundle","entry":[{"resource":""")
            );
        using var harness = new LoaderHarness();

        var result = await harness.LoadAsync(
            HookRequest(server, PrefetchExcept(PrefetchTemplateCatalog.ConditionsKey)),
            CancellationToken.None
        );

        var problem = Assert.Single(result.Problems);
        Assert.Equal(
            (PrefetchTemplateCatalog.ConditionsKey, DataProblemKind.MalformedResponse),
            (problem.PrefetchKey, problem.Kind)
        );
        Assert.Single(server.LogEntries);
    }

    [Fact]
    public async Task Read_answered_with_another_resource_type_is_reported_as_MalformedResponse()
    {
        ServeJson($"/fhir/Patient/{PatientId}", NewCondition());
        using var harness = new LoaderHarness();

        var result = await harness.LoadAsync(
            HookRequest(server, PrefetchExcept(PrefetchTemplateCatalog.PatientKey)),
            CancellationToken.None
        );

        Assert.Equal(DataProblemKind.MalformedResponse, Assert.Single(result.Problems).Kind);
        Assert.Null(result.Record.Patient);
    }

    [Fact]
    public async Task Redirect_to_another_host_is_not_followed_so_the_token_stays_home()
    {
        using var foreignServer = WireMockServer.Start();
        foreignServer
            .Given(Request.Create().UsingGet())
            .RespondWith(
                Response.Create().WithHeader("Content-Type", FhirJsonContentType).WithBody(ToJson(NewPatient()))
            );
        server
            .Given(Request.Create().UsingGet())
            .RespondWith(
                Response
                    .Create()
                    .WithStatusCode(302)
                    .WithHeader("Location", $"{foreignServer.Url}/fhir/Patient/{PatientId}")
            );
        using var harness = new LoaderHarness();

        var result = await harness.LoadAsync(
            HookRequest(server, PrefetchExcept(PrefetchTemplateCatalog.PatientKey)),
            CancellationToken.None
        );

        Assert.Empty(foreignServer.LogEntries);
        Assert.Single(server.LogEntries);
        Assert.Equal(DataProblemKind.ServerError, Assert.Single(result.Problems).Kind);
        Assert.Null(result.Record.Patient);
    }

    [Fact]
    public async Task Fhir_server_not_on_the_allowlist_throws_and_receives_no_request()
    {
        ServeEverything();
        using var harness = new LoaderHarness(
            new Dictionary<string, string?>
            {
                ["FhirAccess:AllowLoopback"] = "false",
                ["FhirAccess:AllowedFhirServers:0"] = "https://ehr.example.org/fhir",
            }
        );

        var exception = await Assert.ThrowsAsync<FhirServerNotAllowedException>(() =>
            harness.LoadAsync(
                HookRequest(server, PrefetchExcept(PrefetchTemplateCatalog.PatientKey)),
                CancellationToken.None
            )
        );

        Assert.Empty(server.LogEntries);
        Assert.DoesNotContain(AccessToken, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fhir_server_not_on_the_allowlist_is_irrelevant_when_nothing_must_be_fetched()
    {
        using var harness = new LoaderHarness(
            new Dictionary<string, string?> { ["FhirAccess:AllowLoopback"] = "false" }
        );

        var result = await harness.LoadAsync(HookRequest(server, FullPrefetch()), CancellationToken.None);

        Assert.Empty(result.Problems);
        Assert.Empty(server.LogEntries);
    }

    [Fact]
    public async Task Not_found_read_is_reported_as_NotFound()
    {
        server.Given(Request.Create().UsingGet()).RespondWith(Response.Create().WithStatusCode(404));
        using var harness = new LoaderHarness();

        var result = await harness.LoadAsync(
            HookRequest(server, PrefetchExcept(PrefetchTemplateCatalog.EncounterKey)),
            CancellationToken.None
        );

        var problem = Assert.Single(result.Problems);
        Assert.Equal(
            (PrefetchTemplateCatalog.EncounterKey, DataProblemKind.NotFound),
            (problem.PrefetchKey, problem.Kind)
        );
        Assert.Single(server.LogEntries);
    }

    private static Dictionary<string, JsonElement> PrefetchExcept(string key)
    {
        var prefetch = FullPrefetch();
        prefetch.Remove(key);
        return prefetch;
    }

    private void ServeJson(string path, Resource resource) =>
        server
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
        ServeJson("/fhir/DiagnosticReport", SearchSet(NewDiagnosticReport()));
        ServeJson("/fhir/QuestionnaireResponse", SearchSet(NewQuestionnaireResponse()));
    }

    private void ServeConditionPages(int pageCount)
    {
        for (var page = 1; page <= pageCount; page++)
        {
            var next = page < pageCount ? $"{server.Url}/fhir/Condition?patient={PatientId}&page={page + 1}" : null;
            var request = Request.Create().WithPath("/fhir/Condition").UsingGet();
            server
                .Given(
                    page == 1
                        ? request
                        : request.WithParam("page", page.ToString(System.Globalization.CultureInfo.InvariantCulture))
                )
                .AtPriority(page == 1 ? 10 : 1)
                .RespondWith(
                    Response
                        .Create()
                        .WithHeader("Content-Type", FhirJsonContentType)
                        .WithBody(ToJson(SearchSet(next, NewCondition($"cond-p{page}"))))
                );
        }
    }

    private void ServeFailureThenPatient(IResponseBuilder failure)
    {
        var path = $"/fhir/Patient/{PatientId}";
        server
            .Given(Request.Create().WithPath(path).UsingGet())
            .InScenario("flaky")
            .WillSetStateTo("recovered")
            .RespondWith(failure);
        server
            .Given(Request.Create().WithPath(path).UsingGet())
            .InScenario("flaky")
            .WhenStateIs("recovered")
            .RespondWith(
                Response.Create().WithHeader("Content-Type", FhirJsonContentType).WithBody(ToJson(NewPatient()))
            );
    }

    private static void AssertEveryRequestCarriesTheToken(WireMockServer fhirServer) =>
        Assert.All(fhirServer.LogEntries, entry =>
        {
            Assert.True(entry.RequestMessage.Headers!.TryGetValue("Authorization", out var authorization));
            Assert.Equal($"Bearer {AccessToken}", Assert.Single(authorization!));
        });

    private static void AssertNothingSensitiveLogged(LoaderHarness harness) => Assert.All(harness.Logs.Lines, line =>
        {
            Assert.DoesNotContain(AccessToken, line, StringComparison.Ordinal);
            Assert.DoesNotContain(PatientId, line, StringComparison.Ordinal);
        });
}
