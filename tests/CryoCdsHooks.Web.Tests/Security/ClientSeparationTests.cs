using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using static CryoCdsHooks.Web.Tests.Security.SecuredServiceFixture;

namespace CryoCdsHooks.Web.Tests.Security;

/// <summary>
/// What one client's hook calls created belongs to that client: its hookInstances, coverage assertions and the
/// cards it may give feedback on. Tokens name the configured public base URL, never the Host header. The later hooks
/// and the DTR operations, on SQLite and on PostgreSQL: ClientSeparationTests.LaterHooks.cs.
/// </summary>
public sealed partial class ClientSeparationTests(SecuredServiceFixture fixture, SecuredServicePerProvider stores)
    : IClassFixture<SecuredServiceFixture>,
        IClassFixture<SecuredServicePerProvider>
{
    private const string Feedback = HookClient.OrderSign + "/feedback";

    private async Task<HttpResponseMessage> SendAsync(
        string issuer,
        HttpMethod method,
        string path,
        JsonNode? body = null,
        string? host = null
    )
    {
        var key = issuer == EsIssuer ? fixture.EsKey : fixture.RsKey;
        var request = Call(path, ClientTokens.Create(TokenFor(path, issuer, key)), body);
        request.Method = method;
        if (host is not null)
            request.Headers.Host = host;
        return await fixture.Client.SendAsync(request);
    }

    private async Task<JsonObject> HookAsync(string issuer, JsonObject request)
    {
        var response = await SendAsync(issuer, HttpMethod.Post, HookClient.OrderSign, request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    private static JsonObject FeedbackOn(string card) =>
        new()
        {
            ["feedback"] = new JsonArray(
                new JsonObject
                {
                    ["card"] = card,
                    ["outcome"] = "overridden",
                    ["outcomeTimestamp"] = "2026-11-20T10:15:00Z",
                }
            ),
        };

    [Fact]
    public async Task Another_client_using_the_same_hookInstance_is_a_separate_call()
    {
        var request = new PatientScenario().OrderSign(Guid.NewGuid().ToString());

        var mine = await HookAsync(EsIssuer, request);
        var theirs = await HookAsync(RsIssuer, request);

        Assert.NotEqual(
            HookClient.CoverageInformationByOrder(mine)["ServiceRequest/order-1"].AssertionId,
            HookClient.CoverageInformationByOrder(theirs)["ServiceRequest/order-1"].AssertionId
        );
        var hookInstance = (string)request["hookInstance"]!;
        var clients = await fixture.Factory.QueryAuditAsync(db =>
            db.HookInvocations.Where(i => i.HookInstance == hookInstance).Select(i => i.ClientId).ToListAsync()
        );
        Assert.Equal([EsIssuer, RsIssuer], clients.Order());
    }

    [Fact]
    public async Task A_coverage_assertion_is_found_only_by_the_client_that_received_it()
    {
        var answer = await HookAsync(EsIssuer, new PatientScenario().OrderSign());
        var path =
            "/coverage-assertions/"
            + HookClient.CoverageInformationByOrder(answer)["ServiceRequest/order-1"].AssertionId;

        var own = await SendAsync(EsIssuer, HttpMethod.Get, path);
        var other = await SendAsync(RsIssuer, HttpMethod.Get, path);

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal("OperationOutcome", (string?)(await other.ReadJsonAsync())["resourceType"]);
    }

    [Fact]
    public async Task Feedback_on_another_clients_card_is_refused_and_on_its_own_card_stored()
    {
        var answer = await HookAsync(EsIssuer, new PatientScenario().OrderSign());
        var card = (string)HookClient.Cards(answer).First()["uuid"]!;

        var other = await SendAsync(RsIssuer, HttpMethod.Post, Feedback, FeedbackOn(card));
        var own = await SendAsync(EsIssuer, HttpMethod.Post, Feedback, FeedbackOn(card));

        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        var stored = await fixture.Factory.QueryAuditAsync(db =>
            db.CardFeedback.Where(f => f.CardUuid == card).Select(f => f.ClientId).ToListAsync()
        );
        Assert.Equal([EsIssuer], stored);
    }

    [Fact]
    public async Task The_token_audience_is_the_configured_base_url_whatever_the_host_header_says()
    {
        const string host = "attacker.example.org";
        var forHost = ClientTokens.Create(new TokenSpec(EsIssuer, $"http://{host}/cds-services", fixture.EsKey));
        var spoofed = Call("/cds-services", forHost);
        spoofed.Headers.Host = host;
        spoofed.Headers.Add("X-Forwarded-Host", host);

        var refused = await fixture.Client.SendAsync(spoofed);
        var accepted = await SendAsync(EsIssuer, HttpMethod.Get, "/cds-services", host: host);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Theory]
    [InlineData(5, HttpStatusCode.OK)]
    [InlineData(6, HttpStatusCode.Unauthorized)]
    [InlineData(60, HttpStatusCode.Unauthorized)]
    public async Task Tokens_living_longer_than_the_maximum_lifetime_are_refused(int minutes, HttpStatusCode expected)
    {
        var token = ClientTokens.Create(
            TokenFor("/cds-services", EsIssuer, fixture.EsKey) with
            {
                ExpiresIn = TimeSpan.FromMinutes(minutes),
            }
        );

        var response = await fixture.Client.SendAsync(Call("/cds-services", token));

        Assert.Equal(expected, response.StatusCode);
        if (expected != HttpStatusCode.OK)
            Assert.Contains("lifetime", await response.Content.ReadAsStringAsync());
    }
}
