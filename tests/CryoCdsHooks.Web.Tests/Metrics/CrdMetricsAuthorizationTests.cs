using System.Net;
using CryoCdsHooks.Web.Tests.Security;
using Task = System.Threading.Tasks.Task;

namespace CryoCdsHooks.Web.Tests.Beyond;

/// <summary>Metrics span every client's calls: only configured reader clients may export them.</summary>
public sealed class CrdMetricsAuthorizationTests : IAsyncLifetime
{
    private readonly TestSigningKey _ehrKey = new("ES384");
    private readonly TestSigningKey _readerKey = new("ES384");
    private const string Ehr = "https://ehr.example.org";
    private const string Reader = "https://payer-analytics.example.org";
    private readonly CdsServiceFactory _factory = new();
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        SecuredServiceFixture.Trust(_factory, 0, Ehr).With("CdsClients:Clients:0:Jwks", TestSigningKey.Jwks(_ehrKey));
        SecuredServiceFixture
            .Trust(_factory, 1, Reader)
            .With("CdsClients:Clients:1:Jwks", TestSigningKey.Jwks(_readerKey))
            .With("CrdMetrics:ReaderClients:0", Reader);
        _client = _factory.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task A_trusted_EHR_that_is_not_a_metrics_reader_gets_403_and_a_reader_gets_the_export()
    {
        var anonymous = await _client.GetAsync("/crd-metrics");
        var ehr = await _client.SendAsync(
            SecuredServiceFixture.Call(
                "/crd-metrics",
                ClientTokens.Create(SecuredServiceFixture.TokenFor("/crd-metrics", Ehr, _ehrKey))
            )
        );
        var reader = await _client.SendAsync(
            SecuredServiceFixture.Call(
                "/crd-metrics",
                ClientTokens.Create(SecuredServiceFixture.TokenFor("/crd-metrics", Reader, _readerKey))
            )
        );

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, ehr.StatusCode);
        Assert.Equal(HttpStatusCode.OK, reader.StatusCode);
    }
}
