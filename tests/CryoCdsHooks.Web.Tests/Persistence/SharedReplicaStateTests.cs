using System.Net;
using System.Net.Http.Headers;
using CryoCdsHooks.Web.Persistence;
using CryoCdsHooks.Web.Tests.Security;

namespace CryoCdsHooks.Web.Tests.Persistence;

/// <summary>
/// Two real service processes on one PostgreSQL database, as behind a load balancer: the jti replay cache and
/// the rate limit are one for both.
/// </summary>
public sealed class SharedReplicaStateTests
{
    private const string Issuer = "https://ehr.example.org";
    private const string PublicBaseUrl = "https://cds.example.org";

    private static async Task<ServiceProcess[]> StartReplicasAsync(
        TestDatabase database,
        TestSigningKey key,
        int permitsPerMinute
    )
    {
        var settings = new Dictionary<string, string>
        {
            ["CdsClients__RequireAuthentication"] = "true",
            ["CdsClients__Clients__0__Issuer"] = Issuer,
            ["CdsClients__Clients__0__Jwks"] = TestSigningKey.Jwks(key),
            ["RateLimiting__PermitsPerMinute"] = permitsPerMinute.ToString(
                System.Globalization.CultureInfo.InvariantCulture
            ),
            // Both replicas serve one URL, as behind a load balancer.
            ["CdsService__PublicBaseUrl"] = PublicBaseUrl,
        };
        return await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => ServiceProcess.StartAsync(database, settings)));
    }

    private static Task<HttpResponseMessage> DiscoverAsync(ServiceProcess replica, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/cds-services");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return replica.Client.SendAsync(request);
    }

    private static string Token(TestSigningKey key) =>
        ClientTokens.Create(new TokenSpec(Issuer, PublicBaseUrl + "/cds-services", key));

    [Theory, InPostgreSql]
    public async Task A_token_replayed_to_another_replica_is_refused(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var key = new TestSigningKey("ES384");
        var replicas = await StartReplicasAsync(database, key, permitsPerMinute: 1000);
        try
        {
            var token = Token(key);

            using var first = await DiscoverAsync(replicas[0], token);
            using var replay = await DiscoverAsync(replicas[1], token);

            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
            Assert.Contains("jti", await replay.Content.ReadAsStringAsync());
        }
        finally
        {
            foreach (var replica in replicas)
                replica.Dispose();
        }
    }

    [Theory, InPostgreSql]
    public async Task A_clients_rate_limit_is_one_budget_across_replicas(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var key = new TestSigningKey("ES384");
        var replicas = await StartReplicasAsync(database, key, permitsPerMinute: 4);
        try
        {
            // The budget is a fixed one-minute window: do not start in its last seconds.
            var second = DateTimeOffset.UtcNow.Second;
            if (second > 45)
                await Task.Delay(TimeSpan.FromSeconds(61 - second));

            var statuses = new List<HttpStatusCode>();
            foreach (
                var replica in new[] { replicas[0], replicas[1], replicas[0], replicas[1], replicas[0], replicas[1] }
            )
            {
                using var response = await DiscoverAsync(replica, Token(key));
                statuses.Add(response.StatusCode);
            }

            Assert.Equal(
                [
                    HttpStatusCode.OK,
                    HttpStatusCode.OK,
                    HttpStatusCode.OK,
                    HttpStatusCode.OK,
                    HttpStatusCode.TooManyRequests,
                    HttpStatusCode.TooManyRequests,
                ],
                statuses
            );
        }
        finally
        {
            foreach (var replica in replicas)
                replica.Dispose();
        }
    }
}
