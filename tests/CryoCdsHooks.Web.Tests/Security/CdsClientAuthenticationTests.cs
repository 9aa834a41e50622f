using System.Net;
using System.Text.Json.Nodes;
using CryoCdsHooks.FhirAccess;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;
using static CryoCdsHooks.Web.Tests.Security.SecuredServiceFixture;

namespace CryoCdsHooks.Web.Tests.Security;

/// <summary>CDS Hooks 2.0 §Trusting CDS Clients: who may call discovery, the hooks and feedback.</summary>
public sealed class CdsClientAuthenticationTests(SecuredServiceFixture fixture) : IClassFixture<SecuredServiceFixture>
{
    private const string Discovery = "/cds-services";
    private const string Feedback = HookClient.OrderSign + "/feedback";

    private static JsonObject FeedbackBody() =>
        new()
        {
            ["feedback"] = new JsonArray(
                new JsonObject
                {
                    ["card"] = Guid.NewGuid().ToString(),
                    ["outcome"] = "overridden",
                    ["outcomeTimestamp"] = "2026-11-20T10:15:00Z",
                }
            ),
        };

    /// <summary>Feedback is accepted only on a card this client was given: make a hook call first.</summary>
    private async Task<JsonObject> FeedbackOnOwnCardAsync(string issuer, TestSigningKey key)
    {
        var hook = await fixture.Client.SendAsync(
            Call(
                HookClient.OrderSign,
                ClientTokens.Create(TokenFor(HookClient.OrderSign, issuer, key)),
                new PatientScenario().OrderSign()
            )
        );
        var body = FeedbackBody();
        body["feedback"]![0]!["card"] = (string)HookClient.Cards(await hook.ReadJsonAsync()).First()["uuid"]!;
        return body;
    }

    public static TheoryData<string, string> ClientsAndEndpoints() =>
        new()
        {
            { EsIssuer, Discovery },
            { EsIssuer, HookClient.OrderSign },
            { EsIssuer, Feedback },
            { RsIssuer, Discovery },
            { RsIssuer, HookClient.OrderSign },
            { RsIssuer, Feedback },
        };

    [Theory]
    [MemberData(nameof(ClientsAndEndpoints))]
    public async Task Valid_ES384_and_RS384_tokens_are_accepted_on_every_cds_endpoint(string issuer, string path)
    {
        var key = issuer == EsIssuer ? fixture.EsKey : fixture.RsKey;
        JsonNode? body =
            path == Discovery ? null
            : path == Feedback ? await FeedbackOnOwnCardAsync(issuer, key)
            : new PatientScenario().OrderSign();

        var response = await fixture.Client.SendAsync(
            Call(path, ClientTokens.Create(TokenFor(path, issuer, key)), body)
        );

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public static TheoryData<string, Func<SecuredServiceFixture, string?>> RejectedTokens() =>
        new()
        {
            { "missing header", _ => null },
            { "not a JWT", _ => "not-a-jwt" },
            { "aud of another endpoint", f => ClientTokens.Create(TokenFor(HookClient.OrderSign, EsIssuer, f.EsKey)) },
            { "aud with a trailing slash", f => ClientTokens.Create(TokenFor(Discovery + "/", EsIssuer, f.EsKey)) },
            {
                "expired",
                f =>
                    ClientTokens.Create(
                        TokenFor(Discovery, EsIssuer, f.EsKey) with
                        {
                            IssuedAtOffset = TimeSpan.FromMinutes(-10),
                        }
                    )
            },
            {
                "iat in the future beyond skew",
                f =>
                    ClientTokens.Create(
                        TokenFor(Discovery, EsIssuer, f.EsKey) with
                        {
                            IssuedAtOffset = TimeSpan.FromMinutes(3),
                        }
                    )
            },
            { "unknown iss", f => ClientTokens.Create(TokenFor(Discovery, "https://stranger.example.org", f.EsKey)) },
            { "unknown kid", _ => ClientTokens.Create(TokenFor(Discovery, EsIssuer, new TestSigningKey("ES384"))) },
            {
                "known kid, other key",
                f => ClientTokens.Create(TokenFor(Discovery, EsIssuer, new TestSigningKey("ES384", f.EsKey.Kid)))
            },
            { "RS384 key of another client", f => ClientTokens.Create(TokenFor(Discovery, EsIssuer, f.RsKey)) },
            {
                "ES256 not configured",
                f => ClientTokens.Create(TokenFor(Discovery, EsIssuer, new TestSigningKey("ES256", f.EsKey.Kid)))
            },
            {
                "alg none",
                f =>
                    ClientTokens.CreateUnsafe(
                        new JsonObject
                        {
                            ["alg"] = "none",
                            ["typ"] = "JWT",
                            ["kid"] = f.EsKey.Kid,
                        },
                        ClientTokens.Payload(TokenFor(Discovery, EsIssuer, f.EsKey))
                    )
            },
            {
                "HS256 keyed with the public key",
                f =>
                    ClientTokens.CreateUnsafe(
                        new JsonObject
                        {
                            ["alg"] = "HS256",
                            ["typ"] = "JWT",
                            ["kid"] = f.RsKey.Kid,
                        },
                        ClientTokens.Payload(TokenFor(Discovery, RsIssuer, f.RsKey)),
                        ((RsaSecurityKey)f.RsKey.Key).Rsa.ExportSubjectPublicKeyInfo()
                    )
            },
            { "iat is text", f => Malformed(f, p => p["iat"] = "soon") },
            { "exp is text", f => Malformed(f, p => p["exp"] = "later") },
            { "nbf is an object", f => Malformed(f, p => p["nbf"] = new JsonObject()) },
            { "aud is a number", f => Malformed(f, p => p["aud"] = 5) },
            { "iss is an array", f => Malformed(f, p => p["iss"] = new JsonArray(EsIssuer)) },
            { "jti is a number", f => Malformed(f, p => p["jti"] = 5) },
            {
                "kid is a number",
                f =>
                    ClientTokens.CreateUnsafe(
                        new JsonObject
                        {
                            ["alg"] = "ES384",
                            ["typ"] = "JWT",
                            ["kid"] = 5,
                        },
                        ClientTokens.Payload(TokenFor(Discovery, EsIssuer, f.EsKey))
                    )
            },
            { "wrong typ", f => ClientTokens.Create(TokenFor(Discovery, EsIssuer, f.EsKey) with { Type = "at+jwt" }) },
            { "missing jti", f => ClientTokens.Create(TokenFor(Discovery, EsIssuer, f.EsKey) with { Jti = null }) },
            {
                "jku not on the allowlist",
                f =>
                    ClientTokens.Create(
                        TokenFor(Discovery, JkuIssuer, f.JkuKey) with
                        {
                            Jku = f.Jwks.Url + "/elsewhere/jwks.json",
                        }
                    )
            },
            {
                "jku from a client with none allowed",
                f => ClientTokens.Create(TokenFor(Discovery, EsIssuer, f.EsKey) with { Jku = f.JkuUrl })
            },
        };

    /// <summary>
    /// An ES384 header naming the trusted key over a payload with one claim broken (unsigned: it never gets that far).
    /// </summary>
    private static string Malformed(SecuredServiceFixture f, Action<JsonObject> breakClaim)
    {
        var payload = ClientTokens.Payload(TokenFor(Discovery, EsIssuer, f.EsKey));
        breakClaim(payload);
        return ClientTokens.CreateUnsafe(
            new JsonObject
            {
                ["alg"] = "ES384",
                ["typ"] = "JWT",
                ["kid"] = f.EsKey.Kid,
            },
            payload
        );
    }

    [Theory]
    [MemberData(nameof(RejectedTokens))]
    public async Task Untrusted_tokens_get_401_with_an_operation_outcome(
        string reason,
        Func<SecuredServiceFixture, string?> token
    )
    {
        var jwt = token(fixture);

        var response = await fixture.Client.SendAsync(Call(Discovery, jwt));

        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, reason);
        await AssertUnauthorizedAsync(response, jwt);
    }

    [Fact]
    public async Task Non_bearer_authorization_gets_401()
    {
        var request = Call(Discovery, token: null);
        request.Headers.Authorization = new("Basic", "dXNlcjpwYXNz");

        var response = await fixture.Client.SendAsync(request);

        await AssertUnauthorizedAsync(response, "dXNlcjpwYXNz");
    }

    [Fact]
    public async Task A_replayed_jti_is_rejected()
    {
        var token = ClientTokens.Create(TokenFor(Discovery, EsIssuer, fixture.EsKey));

        var first = await fixture.Client.SendAsync(Call(Discovery, token));
        var replay = await fixture.Client.SendAsync(Call(Discovery, token));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await AssertUnauthorizedAsync(replay, token);
    }

    [Fact]
    public async Task Aud_may_be_an_array_holding_the_endpoint_url()
    {
        // SecurityTokenDescriptor.Audiences writes aud as an array.
        var handler = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler();
        var now = DateTime.UtcNow;
        var token = handler.CreateToken(
            new SecurityTokenDescriptor
            {
                Issuer = EsIssuer,
                Audiences = { BaseUrl + Discovery, "https://other.example.org" },
                IssuedAt = now,
                NotBefore = now,
                Expires = now.AddMinutes(5),
                Claims = new Dictionary<string, object> { ["jti"] = Guid.NewGuid().ToString() },
                SigningCredentials = new SigningCredentials(fixture.EsKey.Key, "ES384"),
            }
        );

        var response = await fixture.Client.SendAsync(Call(Discovery, token));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Keys_from_an_allowed_jku_are_fetched_once_and_cached()
    {
        var spec = TokenFor(Discovery, JkuIssuer, fixture.JkuKey) with { Jku = fixture.JkuUrl };

        var first = await fixture.Client.SendAsync(Call(Discovery, ClientTokens.Create(spec)));
        var second = await fixture.Client.SendAsync(
            Call(Discovery, ClientTokens.Create(spec with { Jti = Guid.NewGuid().ToString() }))
        );

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(1, FetchCount(fixture.Jwks, JkuPath));
    }

    [Fact]
    public async Task Keys_from_a_jwks_url_are_used_for_tokens_without_jku()
    {
        var response = await fixture.Client.SendAsync(
            Call(Discovery, ClientTokens.Create(TokenFor(Discovery, JwksUrlIssuer, fixture.JwksUrlKey)))
        );

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_hook_loads_patient_data_as_the_authenticated_client()
    {
        var key = new TestSigningKey("ES384");
        var clientIds = new List<string?>();
        await using var factory = Trust(new CdsServiceFactory(), 0, EsIssuer)
            .With("CdsClients:Clients:0:Jwks", TestSigningKey.Jwks(key));
        var client = factory
            .WithWebHostBuilder(b =>
                b.ConfigureTestServices(services =>
                {
                    // Wrap the real loader to see which client id the hook endpoint hands it.
                    var real = services.Single(d => d.ServiceType == typeof(IPatientRecordLoader)).ImplementationType!;
                    services.AddSingleton(real);
                    services.AddSingleton<IPatientRecordLoader>(sp => new ClientIdRecordingLoader(
                        (IPatientRecordLoader)sp.GetRequiredService(real),
                        clientIds
                    ));
                })
            )
            .CreateClient();

        var response = await client.SendAsync(
            Call(
                HookClient.OrderSign,
                ClientTokens.Create(TokenFor(HookClient.OrderSign, EsIssuer, key)),
                new PatientScenario().OrderSign()
            )
        );

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The start-up warm-up also answers a sample hook, as no client.
        Assert.Equal([EsIssuer], clientIds.Where(id => id is not null));
    }

    [Fact]
    public async Task A_clients_fhir_servers_join_the_fhir_access_allowlist_under_its_issuer()
    {
        await using var factory = Trust(new CdsServiceFactory(), 0, EsIssuer)
            .With("CdsClients:Clients:0:Jwks", TestSigningKey.Jwks(fixture.EsKey))
            .With("CdsClients:Clients:0:AllowedFhirServers:0", "https://ehr.example.org/fhir");

        var fhirAccess = factory.Services.GetRequiredService<IOptions<FhirAccessOptions>>().Value;

        Assert.Equal(["https://ehr.example.org/fhir"], fhirAccess.ClientAllowedFhirServers[EsIssuer]);
    }

    private sealed class ClientIdRecordingLoader(IPatientRecordLoader inner, List<string?> clientIds)
        : IPatientRecordLoader
    {
        public Task<PatientRecordLoadResult> LoadAsync(HookDataRequest request, HookDeadline deadline)
        {
            clientIds.Add(request.ClientId);
            return inner.LoadAsync(request, deadline);
        }
    }

    [Fact]
    public async Task An_unknown_kid_refetches_the_jwks_at_most_once_per_refresh_interval()
    {
        const string path = "/rotation/jwks.json";
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var oldKey = new TestSigningKey("ES384");
        var newKey = new TestSigningKey("ES384");
        Serve(fixture.Jwks, path, oldKey);
        await using var factory = Trust(new CdsServiceFactory(), 0, JwksUrlIssuer)
            .With("CdsClients:Clients:0:JwksUrl", fixture.Jwks.Url + path)
            .With("CdsClients:JwksMinimumRefreshInterval", "00:00:30");
        var client = factory
            .WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(time)))
            .CreateClient();
        Task<HttpResponseMessage> CallWith(TestSigningKey key) =>
            client.SendAsync(
                Call(
                    Discovery,
                    ClientTokens.Create(TokenFor(Discovery, JwksUrlIssuer, key) with { Now = time.GetUtcNow() })
                )
            );

        Assert.Equal(HttpStatusCode.OK, (await CallWith(oldKey)).StatusCode);
        Serve(fixture.Jwks, path, oldKey, newKey); // the client rotates its keys
        // fetched just now: no refetch yet
        Assert.Equal(HttpStatusCode.Unauthorized, (await CallWith(newKey)).StatusCode);
        Assert.Equal(1, FetchCount(fixture.Jwks, path));

        time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(HttpStatusCode.OK, (await CallWith(newKey)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await CallWith(new TestSigningKey("ES384"))).StatusCode);
        Assert.Equal(2, FetchCount(fixture.Jwks, path));
    }

    [Fact]
    public async Task Jwks_may_be_written_as_a_json_object_in_configuration()
    {
        var key = new TestSigningKey("RS384");
        var factory = Trust(new CdsServiceFactory(), 0, RsIssuer);
        foreach (var (name, value) in key.PublicJwk())
            factory.With($"CdsClients:Clients:0:Jwks:keys:0:{name}", (string?)value);
        await using var _ = factory;

        var response = await factory
            .CreateClient()
            .SendAsync(Call(Discovery, ClientTokens.Create(TokenFor(Discovery, RsIssuer, key))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Cors_preflight_needs_no_token()
    {
        await using var factory = Trust(new CdsServiceFactory(), 0, EsIssuer)
            .With("CdsClients:Clients:0:Jwks", TestSigningKey.Jwks(fixture.EsKey))
            .With("CdsService:CorsAllowedOrigins:0", "https://sandbox.example.org");
        var preflight = new HttpRequestMessage(HttpMethod.Options, HookClient.OrderSign);
        preflight.Headers.Add("Origin", "https://sandbox.example.org");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");

        var response = await factory.CreateClient().SendAsync(preflight);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task Running_without_authentication_logs_a_warning_at_start()
    {
        var logs = new CapturingLoggerProvider();
        await using var factory = new CdsServiceFactory();

        _ = factory.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(logs))).CreateClient();

        Assert.Contains("Warning CryoCdsHooks.Web.Security: CDS client authentication is OFF", logs.Text);
    }

    [Fact]
    public async Task Production_without_authentication_refuses_to_start()
    {
        await using var factory = new CdsServiceFactory(); // the test factory turns authentication off
        var production = factory.WithWebHostBuilder(b => b.UseEnvironment("Production"));

        var failure = Assert.ThrowsAny<Exception>(() => production.CreateClient());

        Assert.Contains("AllowUnauthenticatedInProduction", failure.ToString());
    }

    [Fact]
    public async Task Production_without_authentication_starts_with_the_explicit_override()
    {
        await using var factory = new CdsServiceFactory().With("CdsClients:AllowUnauthenticatedInProduction", "true");

        var response = await factory
            .WithWebHostBuilder(b => b.UseEnvironment("Production"))
            .CreateClient()
            .GetAsync(Discovery);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public static TheoryData<string, string> InvalidClientSettings() =>
        new()
        {
            { "AllowedAlgorithms:0", "HS256" },
            { "AllowedAlgorithms:0", "none" },
            { "Jwks", """{"keys":[{"kty":"oct","kid":"k","k":"c2VjcmV0"}]}""" },
            { "JwksUrl", "http://keys.example.org/jwks.json" },
            { "AllowedJkuUrls:0", "not a url" },
        };

    [Theory]
    [MemberData(nameof(InvalidClientSettings))]
    public async Task Unsafe_client_settings_stop_the_service_from_starting(string setting, string value)
    {
        await using var factory = Trust(new CdsServiceFactory(), 0, EsIssuer)
            .With($"CdsClients:Clients:0:{setting}", value);

        var failure = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains(EsIssuer, failure.ToString());
    }

    private static async Task AssertUnauthorizedAsync(HttpResponseMessage response, string? token)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        var body = await response.Content.ReadAsStringAsync();
        var outcome = JsonNode.Parse(body)!;
        Assert.Equal("OperationOutcome", (string?)outcome["resourceType"]);
        Assert.Equal("login", (string?)outcome["issue"]![0]!["code"]);
        if (token is { Length: > 0 })
            Assert.DoesNotContain(token, body);
    }
}
