using System.Net;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using static CryoCdsHooks.Web.Tests.Security.SecuredServiceFixture;

namespace CryoCdsHooks.Web.Tests.Security;

/// <summary>
/// Issue 23 point 1 for JWK Sets: a key set behind a URL is read up to <c>CdsClients:MaxJwksBytes</c>, never whole.
/// </summary>
public sealed class JwksBoundsTests(SecuredServiceFixture fixture) : IClassFixture<SecuredServiceFixture>
{
    private const string Discovery = "/cds-services";

    /// <summary>
    /// Serves the key's JWK Set with a <c>padding</c> member of <paramref name="bytes"/> characters; returns its URL.
    /// </summary>
    private string ServePadded(TestSigningKey key, int bytes)
    {
        var path = $"/padded-{Guid.NewGuid():N}/jwks.json";
        var jwks = TestSigningKey.Jwks(key);
        fixture
            .Jwks.Given(Request.Create().WithPath(path).UsingGet())
            .RespondWith(
                Response
                    .Create()
                    .WithHeader("Content-Type", "application/json")
                    .WithBody(jwks[..^1] + ",\"padding\":\"" + new string('x', bytes) + "\"}")
            );
        return fixture.Jwks.Url + path;
    }

    private static async Task<HttpStatusCode> CallWithKeysAtAsync(
        string jwksUrl,
        TestSigningKey key,
        params (string Key, string Value)[] settings
    )
    {
        var factory = Trust(new CdsServiceFactory(), 0, JwksUrlIssuer).With("CdsClients:Clients:0:JwksUrl", jwksUrl);
        foreach (var (setting, value) in settings)
            factory.With(setting, value);
        await using (factory)
        {
            var response = await factory
                .CreateClient()
                .SendAsync(Call(Discovery, ClientTokens.Create(TokenFor(Discovery, JwksUrlIssuer, key))));
            return response.StatusCode;
        }
    }

    [Fact]
    public async Task Oversized_jwks_is_refused_and_its_keys_are_not_trusted()
    {
        var key = new TestSigningKey("ES384");
        var url = ServePadded(key, 5 * 1024 * 1024);

        Assert.Equal(HttpStatusCode.Unauthorized, await CallWithKeysAtAsync(url, key));
        // The fetch, and the one refetch an unknown kid may cause: each stopped at the cap.
        Assert.InRange(FetchCount(fixture.Jwks, new Uri(url).AbsolutePath), 1, 2);
    }

    [Fact]
    public async Task Jwks_under_the_cap_is_trusted_and_a_smaller_cap_refuses_it()
    {
        var key = new TestSigningKey("ES384");
        var url = ServePadded(key, 100 * 1024);

        Assert.Equal(HttpStatusCode.OK, await CallWithKeysAtAsync(url, key));
        Assert.Equal(
            HttpStatusCode.Unauthorized,
            await CallWithKeysAtAsync(url, key, ("CdsClients:MaxJwksBytes", "65536"))
        );
    }

    [Fact]
    public void A_jwks_cap_out_of_range_stops_the_start()
    {
        using var factory = new CdsServiceFactory().With("CdsClients:MaxJwksBytes", "0");

        var failure = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("MaxJwksBytes", failure.Message);
    }
}
