using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using CryoCdsHooks.Web.Tests.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace CryoCdsHooks.Web.Tests.Hooks;

/// <summary>
/// docs/decisions/0004-hookinstance-rule.md: a retry of a call (same client, service and body) gets the stored
/// answer; a different call reusing the hookInstance gets 409; identical calls in flight are evaluated once.
/// </summary>
public sealed class HookInstanceRuleTests(CdsServiceFactoryFixture fixture) : IClassFixture<CdsServiceFactoryFixture>
{
    private static IEnumerable<string> CardUuids(JsonObject response) =>
        HookClient.Cards(response).Select(c => (string)c["uuid"]!);

    [Fact]
    public async Task A_retry_with_an_identical_body_gets_the_stored_answer()
    {
        var request = new PatientScenario().OrderSign(Guid.NewGuid().ToString());

        var first = await fixture.Client.PostJsonAsync(HookClient.OrderSign, request);
        var retry = await fixture.Client.PostJsonAsync(HookClient.OrderSign, request);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, retry.StatusCode));
        var (answer, replay) = (await first.ReadJsonAsync(), await retry.ReadJsonAsync());
        Assert.NotEmpty(CardUuids(answer));
        Assert.Equal(CardUuids(answer), CardUuids(replay));
        Assert.Equal(
            HookClient.CoverageInformationByOrder(answer)["ServiceRequest/order-1"].AssertionId,
            HookClient.CoverageInformationByOrder(replay)["ServiceRequest/order-1"].AssertionId
        );
        var hookInstance = (string)request["hookInstance"]!;
        Assert.Equal(
            1,
            await fixture.Factory.QueryAuditAsync(db =>
                db.HookInvocations.CountAsync(i => i.HookInstance == hookInstance)
            )
        );
        Assert.Equal(
            1,
            await fixture.Factory.QueryAuditAsync(db =>
                db.CoverageAssertions.CountAsync(a => a.HookInstance == hookInstance)
            )
        );
    }

    /// <summary>The same request re-serialised: how an EHR's JSON library may write it again on a retry.</summary>
    public static TheoryData<string, Func<JsonObject, string>> Reserialised() =>
        new()
        {
            { "indented", r => r.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) },
            { "members in reverse order at every level", r => Reversed(r)!.ToJsonString() },
            {
                "a string escaped differently",
                r => r.ToJsonString().Replace("\"order-sign\"", "\"order\\u002dsign\"", StringComparison.Ordinal)
            },
            {
                "the hookInstance in upper case",
                r =>
                    r.ToJsonString()
                        .Replace(
                            (string)r["hookInstance"]!,
                            ((string)r["hookInstance"]!).ToUpperInvariant(),
                            StringComparison.Ordinal
                        )
            },
            {
                "indented with members reversed",
                r => Reversed(r)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true })
            },
        };

    [Theory]
    [MemberData(nameof(Reserialised))]
    public async Task A_retry_written_differently_with_the_same_meaning_gets_the_stored_answer(
        string how,
        Func<JsonObject, string> write
    )
    {
        var request = new PatientScenario().OrderSign(Guid.NewGuid().ToString());
        var first = await fixture.Client.PostJsonAsync(HookClient.OrderSign, request);
        var written = write(request);
        Assert.NotEqual(request.ToJsonString(), written);

        var retry = await fixture.Client.PostRawAsync(HookClient.OrderSign, written);

        Assert.True(retry.StatusCode == HttpStatusCode.OK, $"{how}: {(int)retry.StatusCode}");
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        var hookInstance = (string)request["hookInstance"]!;
        Assert.Equal(
            1,
            await fixture.Factory.QueryAuditAsync(db =>
                db.HookInvocations.CountAsync(i => i.HookInstance == hookInstance)
            )
        );
    }

    public static TheoryData<string, Action<JsonObject>> Changed() =>
        new()
        {
            {
                "a number written with another precision (a FHIR decimal keeps it)",
                r => TumourSize(r)["value"] = JsonNode.Parse("3.00")
            },
            { "a string value", r => r["context"]!["userId"] = "Practitioner/dr-2" },
            {
                "the order of an array",
                r =>
                    r["prefetch"]!["observations"]!["entry"] = new JsonArray(
                        r["prefetch"]!["observations"]!["entry"]!
                            .AsArray()
                            .Reverse()
                            .Select(e => e!.DeepClone())
                            .ToArray()
                    )
            },
            { "another encounter", r => r["context"]!["encounterId"] = "enc-2" },
            { "a member added", r => r["extension"] = new JsonObject { ["example.org/x"] = 1 } },
        };

    [Theory]
    [MemberData(nameof(Changed))]
    public async Task A_retry_that_changes_the_meaning_gets_409(string how, Action<JsonObject> change)
    {
        var request = new PatientScenario().OrderSign(Guid.NewGuid().ToString());
        await fixture.Client.PostJsonAsync(HookClient.OrderSign, request);
        var changed = request.DeepClone().AsObject();
        change(changed);

        var retry = await fixture.Client.PostJsonAsync(HookClient.OrderSign, changed);

        Assert.True(retry.StatusCode == HttpStatusCode.Conflict, $"{how}: {(int)retry.StatusCode}");
    }

    private static JsonObject TumourSize(JsonObject request) =>
        request["prefetch"]!["observations"]!["entry"]!
            .AsArray()
            .Select(e => e!["resource"]!.AsObject())
            .Single(o => (string?)o["id"] == "size-1")["valueQuantity"]!.AsObject();

    private static JsonNode? Reversed(JsonNode? node) =>
        node switch
        {
            JsonObject o => new JsonObject(o.Reverse().Select(m => KeyValuePair.Create(m.Key, Reversed(m.Value)))),
            JsonArray a => new JsonArray(a.Select(Reversed).ToArray()),
            _ => node?.DeepClone(),
        };

    [Fact]
    public async Task A_different_body_with_an_answered_hookInstance_gets_409()
    {
        var hookInstance = Guid.NewGuid().ToString();
        var scenario = new PatientScenario();
        await fixture.Client.PostJsonAsync(HookClient.OrderSign, scenario.OrderSign(hookInstance));
        scenario.EncounterClass = "IMP";

        var response = await fixture.Client.PostJsonAsync(HookClient.OrderSign, scenario.OrderSign(hookInstance));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var outcome = await response.ReadJsonAsync();
        Assert.Equal("OperationOutcome", (string?)outcome["resourceType"]);
        Assert.Equal("duplicate", (string?)outcome["issue"]![0]!["code"]);
    }

    [Fact]
    public async Task The_same_hookInstance_on_another_service_gets_409()
    {
        var hookInstance = Guid.NewGuid().ToString();
        await fixture.Client.PostJsonAsync(HookClient.OrderSign, new PatientScenario().OrderSign(hookInstance));
        var select = new PatientScenario().OrderSelect("ServiceRequest/order-1");
        select["hookInstance"] = hookInstance;

        var response = await fixture.Client.PostJsonAsync(HookClient.OrderSelect, select);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task A_refused_call_does_not_use_up_its_hookInstance()
    {
        var request = new PatientScenario().OrderSign(Guid.NewGuid().ToString());
        request["prefetch"]!.AsObject().Remove("coverage");
        var refused = await fixture.Client.PostJsonAsync(HookClient.OrderSign, request);

        var complete = await fixture.Client.PostJsonAsync(
            HookClient.OrderSign,
            new PatientScenario().OrderSign((string)request["hookInstance"]!)
        );

        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
    }

    [Fact]
    public async Task Concurrent_identical_calls_are_evaluated_once_and_all_get_that_answer()
    {
        using var fhir = SlowFhirServer(TimeSpan.FromMilliseconds(400));
        var logs = new CapturingLoggerProvider();
        await using var factory = new CdsServiceFactory();
        var client = factory.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(logs))).CreateClient();
        var request = FetchingProcedures(fhir, Guid.NewGuid().ToString());

        var responses = await Task.WhenAll(
            Enumerable.Range(0, 6).Select(_ => client.PostJsonAsync(HookClient.OrderSign, request))
        );

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        // Each evaluation makes new card uuids and assertion ids: one body means one evaluation.
        Assert.Single(bodies.Distinct());
        Assert.Single(logs.Text.Split('\n'), l => l.Contains("answered 200", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_retry_while_the_first_call_runs_waits_for_its_answer()
    {
        using var fhir = SlowFhirServer(TimeSpan.FromMilliseconds(800));
        var request = FetchingProcedures(fhir, Guid.NewGuid().ToString());

        var first = fixture.Client.PostJsonAsync(HookClient.OrderSign, request);
        await Task.Delay(200);
        var retry = await fixture.Client.PostJsonAsync(HookClient.OrderSign, request);

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        // Each evaluation makes new card uuids and assertion ids: the same body means the retry got the first answer.
        Assert.Equal(await (await first).Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_retry_after_the_client_gave_up_gets_an_answer()
    {
        using var fhir = SlowFhirServer(TimeSpan.FromMilliseconds(800));
        var request = FetchingProcedures(fhir, Guid.NewGuid().ToString());
        using (var gaveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(200)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                fixture.Client.PostAsync(
                    HookClient.OrderSign,
                    new StringContent(request.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
                    gaveUp.Token
                )
            );
        }

        var retry = await fixture.Client.PostJsonAsync(HookClient.OrderSign, request);
        var again = await fixture.Client.PostJsonAsync(HookClient.OrderSign, request);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (retry.StatusCode, again.StatusCode));
        Assert.Equal(await retry.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
    }

    private static WireMockServer SlowFhirServer(TimeSpan delay)
    {
        var fhir = WireMockServer.Start();
        fhir.Given(Request.Create().UsingGet())
            .RespondWith(
                Response
                    .Create()
                    .WithDelay(delay)
                    .WithHeader("Content-Type", "application/fhir+json")
                    .WithBody("""{"resourceType":"Bundle","type":"searchset","entry":[]}""")
            );
        return fhir;
    }

    /// <summary>A request whose procedures the service must fetch from <paramref name="fhir"/>.</summary>
    private static JsonObject FetchingProcedures(WireMockServer fhir, string hookInstance)
    {
        var request = new PatientScenario().OrderSign(hookInstance);
        request["prefetch"]!.AsObject().Remove("procedures");
        request["fhirServer"] = fhir.Url + "/fhir";
        request["fhirAuthorization"] = new JsonObject
        {
            ["access_token"] = "t",
            ["token_type"] = "Bearer",
            ["expires_in"] = 300,
            ["scope"] = "patient/*.read",
            ["subject"] = "cds",
        };
        return request;
    }
}
