using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace CryoCdsHooks.Web.Tests.Security;

/// <summary>
/// The service with authentication on and four trusted clients: ES384 and RS384 keys given inline, one client
/// whose tokens name a <c>jku</c>, one with a <c>JwksUrl</c>; the JWK Sets behind URLs are served by WireMock.
/// </summary>
public sealed class SecuredServiceFixture : IAsyncLifetime
{
    public const string BaseUrl = "http://localhost";
    public const string EsIssuer = "https://ehr-es.example.org";
    public const string RsIssuer = "https://ehr-rs.example.org";
    public const string JkuIssuer = "https://ehr-jku.example.org";
    public const string JwksUrlIssuer = "https://ehr-url.example.org";
    public const string JkuPath = "/jku/jwks.json";
    public const string JwksUrlPath = "/url/jwks.json";

    public TestSigningKey EsKey { get; } = new("ES384");
    public TestSigningKey RsKey { get; } = new("RS384");
    public TestSigningKey JkuKey { get; } = new("ES384");
    public TestSigningKey JwksUrlKey { get; } = new("RS384");
    public WireMockServer Jwks { get; } = WireMockServer.Start();
    public CdsServiceFactory Factory { get; } = new();
    public HttpClient Client { get; private set; } = null!;

    public string JkuUrl => Jwks.Url + JkuPath;

    public Task InitializeAsync()
    {
        Serve(Jwks, JkuPath, JkuKey);
        Serve(Jwks, JwksUrlPath, JwksUrlKey);
        Trust(Factory, 0, EsIssuer).With("CdsClients:Clients:0:Jwks", TestSigningKey.Jwks(EsKey));
        Trust(Factory, 1, RsIssuer).With("CdsClients:Clients:1:Jwks", TestSigningKey.Jwks(RsKey));
        Trust(Factory, 2, JkuIssuer).With("CdsClients:Clients:2:AllowedJkuUrls:0", JkuUrl);
        Trust(Factory, 3, JwksUrlIssuer).With("CdsClients:Clients:3:JwksUrl", Jwks.Url + JwksUrlPath);
        Client = Factory.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        Jwks.Stop();
    }

    /// <summary>
    /// Turns authentication on and trusts <paramref name="issuer"/> as client number <paramref name="index"/>.
    /// </summary>
    public static CdsServiceFactory Trust(CdsServiceFactory factory, int index, string issuer) =>
        factory.With("CdsClients:RequireAuthentication", "true").With($"CdsClients:Clients:{index}:Issuer", issuer);

    public static void Serve(WireMockServer server, string path, params TestSigningKey[] keys) =>
        server
            .Given(Request.Create().WithPath(path).UsingGet())
            .RespondWith(
                Response.Create().WithHeader("Content-Type", "application/json").WithBody(TestSigningKey.Jwks(keys))
            );

    public static int FetchCount(WireMockServer server, string path) =>
        server.LogEntries.Count(e => e.RequestMessage.Path == path);

    /// <summary>A token for <paramref name="path"/> as invoked on the test server.</summary>
    public static TokenSpec TokenFor(string path, string issuer, TestSigningKey key) =>
        new(issuer, BaseUrl + path, key);

    public static HttpRequestMessage Call(string path, string? token, JsonNode? body = null)
    {
        var request = new HttpRequestMessage(body is null ? HttpMethod.Get : HttpMethod.Post, path);
        if (body is not null)
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }
}
