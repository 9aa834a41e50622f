using System.Net;
using System.Text.Json.Nodes;
using static CryoCdsHooks.Web.Tests.Security.SecuredServiceFixture;

namespace CryoCdsHooks.Web.Tests.Security;

public sealed class RateLimitingTests
{
    private const string Discovery = "/cds-services";

    [Fact]
    public async Task Over_the_limit_a_caller_gets_429_with_retry_after_while_health_stays_open()
    {
        await using var factory = new CdsServiceFactory().With("RateLimiting:PermitsPerMinute", "2");
        var client = factory.CreateClient();

        var allowed = new[] { await client.GetAsync(Discovery), await client.GetAsync(Discovery) };
        var limited = await client.GetAsync(Discovery);

        Assert.All(allowed, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        var outcome = JsonNode.Parse(await limited.Content.ReadAsStringAsync())!;
        Assert.Equal("OperationOutcome", (string?)outcome["resourceType"]);
        Assert.Equal("throttled", (string?)outcome["issue"]![0]!["code"]);
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task Each_authenticated_client_has_its_own_budget()
    {
        var esKey = new TestSigningKey("ES384");
        var rsKey = new TestSigningKey("RS384");
        await using var factory = Trust(Trust(new CdsServiceFactory(), 0, EsIssuer), 1, RsIssuer)
            .With("CdsClients:Clients:0:Jwks", TestSigningKey.Jwks(esKey))
            .With("CdsClients:Clients:1:Jwks", TestSigningKey.Jwks(rsKey))
            .With("RateLimiting:PermitsPerMinute", "1");
        var client = factory.CreateClient();
        Task<HttpResponseMessage> CallAs(string issuer, TestSigningKey key) =>
            client.SendAsync(Call(Discovery, ClientTokens.Create(TokenFor(Discovery, issuer, key))));

        var first = await CallAs(EsIssuer, esKey);
        var second = await CallAs(EsIssuer, esKey);
        var otherClient = await CallAs(RsIssuer, rsKey);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherClient.StatusCode);
    }
}
