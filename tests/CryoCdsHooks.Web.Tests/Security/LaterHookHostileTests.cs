using System.Net;
using System.Text.Json.Nodes;
using WireMock.Server;
using static CryoCdsHooks.Web.Tests.Security.LaterEndpointBadInputs;
using static CryoCdsHooks.Web.Tests.Security.SecuredServiceFixture;
using static CryoCdsHooks.Web.Tests.WorkflowRequests;

namespace CryoCdsHooks.Web.Tests.Security;

/// <summary>
/// The later hooks under the attacks the order hooks were tested with: a hookInstance reused for another request,
/// a token minted for another endpoint, a FHIR server off the allowlist (the token must not travel), and references
/// that point the service at another host.
/// </summary>
public sealed class LaterHookHostileTests(SecuredServiceFixture secured, CdsServiceFactoryFixture open)
    : IClassFixture<SecuredServiceFixture>,
        IClassFixture<CdsServiceFactoryFixture>,
        IAsyncLifetime
{
    private const string Token = "secret-token";
    private readonly WireMockServer _fhir = WireMockServer.Start();
    private readonly WireMockServer _elsewhere = WireMockServer.Start();

    /// <summary>Only https://ehr.example.org/fhir may receive a token: loopback servers are not trusted here.</summary>
    private readonly CdsServiceFactory _strict = new CdsServiceFactory()
        .With("FhirAccess:AllowLoopback", "false")
        .With("FhirAccess:AllowedFhirServers:0", "https://ehr.example.org/fhir");

    public static TheoryData<string> Paths() => [AppointmentBook, OrderDispatch, EncounterStart];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _strict.DisposeAsync();
        _fhir.Stop();
        _elsewhere.Stop();
    }

    /// <summary>The request with the given prefetch keys left out, to be read from <paramref name="server"/>.</summary>
    private static JsonObject FromServer(JsonObject request, WireMockServer server, params string[] keys)
    {
        foreach (var key in keys)
            request["prefetch"]!.AsObject().Remove(key);
        request["fhirServer"] = server.Url + "/fhir";
        request["fhirAuthorization"] = Authorization();
        return request;
    }

    private static bool CarriesToken(WireMockServer server) =>
        server.LogEntries.Any(e =>
            e.RequestMessage.Headers?.TryGetValue("Authorization", out var values) == true
            && values.Any(v => v.Contains(Token, StringComparison.Ordinal))
        );

    [Theory, MemberData(nameof(Paths))]
    public async Task A_hookInstance_reused_with_another_body_gets_409_and_the_same_body_the_stored_answer(string path)
    {
        var request = ValidHookRequest(path);
        var other = request.DeepClone().AsObject();
        other["prefetch"]!["patient"]!["birthDate"] = "1951-01-01";

        var first = await open.Client.PostJsonAsync(path, request);
        var retry = await open.Client.PostJsonAsync(path, request);
        var reused = await open.Client.PostJsonAsync(path, other);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Conflict, reused.StatusCode);
        Assert.Equal("duplicate", (string?)(await reused.ReadJsonAsync())["issue"]![0]!["code"]);
    }

    [Theory, MemberData(nameof(Paths))]
    public async Task A_hookInstance_answered_at_order_sign_gets_409_at_a_later_hook(string path)
    {
        var sign = new PatientScenario().OrderSign();
        var later = ValidHookRequest(path);
        later["hookInstance"] = sign["hookInstance"]!.DeepClone();

        var signed = await open.Client.PostJsonAsync(HookClient.OrderSign, sign);
        var reused = await open.Client.PostJsonAsync(path, later);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Conflict), (signed.StatusCode, reused.StatusCode));
    }

    public static TheoryData<string, string> ForeignAudiences() =>
        new()
        {
            { AppointmentBook, HookClient.OrderSign },
            { OrderDispatch, AppointmentBook },
            { EncounterStart, OrderDispatch },
            { AppointmentBook, Package },
            { Package, AppointmentBook },
            { NextQuestion, Package },
            { Expand, NextQuestion },
        };

    [Theory, MemberData(nameof(ForeignAudiences))]
    public async Task A_token_minted_for_another_endpoint_is_refused(string path, string audiencePath)
    {
        var token = ClientTokens.Create(TokenFor(audiencePath, EsIssuer, secured.EsKey));
        var body = path.StartsWith("/fhir", StringComparison.Ordinal)
            ? Parameters(("url", "valueUri", Laterality))
            : ValidHookRequest(path);

        var refused = await secured.Client.SendAsync(Call(path, token, body));
        var accepted = await secured.Client.SendAsync(
            Call(path, ClientTokens.Create(TokenFor(path, EsIssuer, secured.EsKey)), body)
        );

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("OperationOutcome", (string?)(await refused.ReadJsonAsync())["resourceType"]);
        Assert.NotEqual(HttpStatusCode.Unauthorized, accepted.StatusCode);
    }

    [Theory, MemberData(nameof(Paths))]
    public async Task A_fhir_server_off_the_allowlist_gets_400_and_never_the_token(string path)
    {
        var request = FromServer(
            ValidHookRequest(path),
            _fhir,
            "procedures",
            "appointments",
            "dispatchedOrders",
            "performer",
            "encounterOrders"
        );

        var response = await _strict.CreateClient().PostJsonAsync(path, request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var issue = (await response.ReadJsonAsync())["issue"]![0]!;
        Assert.Equal(("security", "fhirServer"), ((string?)issue["code"], (string?)issue["expression"]![0]));
        Assert.Empty(_fhir.LogEntries);
    }

    /// <summary>Each later hook's own reference made absolute on another host, its prefetch keys left out.</summary>
    public static TheoryData<string, string> ReferencesElsewhere() =>
        new()
        {
            { AppointmentBook, "appointments" },
            { OrderDispatch, "performer,dispatchedOrders" },
            { EncounterStart, "encounterOrders" },
        };

    [Theory, MemberData(nameof(ReferencesElsewhere))]
    public async Task A_reference_to_another_host_is_never_fetched_with_the_token(string path, string keys)
    {
        var request = FromServer(ValidHookRequest(path), _fhir, keys.Split(','));
        var elsewhere = _elsewhere.Url + "/fhir/";
        var context = request["context"]!.AsObject();
        switch (path)
        {
            case AppointmentBook:
                context["appointments"]!["entry"]![0]!["resource"]!["basedOn"]![0]!["reference"] =
                    elsewhere + "ServiceRequest/order-1";
                break;
            case OrderDispatch:
                context["performer"] = elsewhere + "Organization/org-1";
                break;
            default:
                request["prefetch"]!["encounter"]!["reasonReference"] = new JsonArray(
                    new JsonObject { ["reference"] = elsewhere + "ServiceRequest/order-1" }
                );
                break;
        }

        var response = await open.Client.PostJsonAsync(path, request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(_elsewhere.LogEntries);
        Assert.True(CarriesToken(_fhir), "the allowed server got the hook's own query, with the token");
    }

    [Fact]
    public async Task A_fulfilment_task_for_another_patient_sets_neither_the_place_nor_the_date()
    {
        var request = Dispatch(
            new PatientScenario(),
            new JsonObject { ["resourceType"] = "Organization", ["id"] = "org-1" },
            Location("ward-1", "21")
        );
        request["context"]!["fulfillmentTasks"] = new JsonArray(
            new JsonObject
            {
                ["resourceType"] = "Task",
                ["id"] = "task-1",
                ["status"] = "requested",
                ["intent"] = "order",
                ["focus"] = new JsonObject { ["reference"] = "ServiceRequest/order-1" },
                ["for"] = new JsonObject { ["reference"] = "Patient/pat-2" },
                ["location"] = new JsonObject { ["reference"] = "Location/ward-1" },
                ["restriction"] = new JsonObject { ["period"] = new JsonObject { ["start"] = "2026-12-18" } },
            }
        );

        var response = await open.Client.PostJsonAsync(OrderDispatch, request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.ReadJsonAsync();
        Assert.Equal("conditional", HookClient.CoverageInformationByOrder(answer).Values.Single().PaNeeded);
        var details = string.Join("\n", HookClient.Cards(answer).Select(c => (string?)c["detail"]));
        Assert.DoesNotContain("Task.restriction.period.start", details);
        Assert.DoesNotContain("ward-1", details);
    }

    [Fact]
    public async Task A_dispatched_order_listed_many_times_is_answered_once()
    {
        var request = ValidHookRequest(OrderDispatch);
        request["context"]!["dispatchedOrders"] = new JsonArray(
            Enumerable.Repeat(0, 50).Select(_ => (JsonNode)"ServiceRequest/order-1").ToArray()
        );

        var response = await open.Client.PostJsonAsync(OrderDispatch, request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single((await response.ReadJsonAsync())["systemActions"]!.AsArray());
    }

    [Theory]
    [InlineData(AppointmentBook)]
    [InlineData(Package)]
    public async Task A_refused_token_is_told_as_rfc_7807_to_a_client_that_asks_for_it(string path)
    {
        var request = Call(path, ClientTokens.Create(TokenFor(Expand, EsIssuer, secured.EsKey)), new JsonObject());
        request.Headers.Accept.ParseAdd("application/problem+json");

        var response = await secured.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(401, (int)(await response.ReadJsonAsync())["status"]!);
    }
}
