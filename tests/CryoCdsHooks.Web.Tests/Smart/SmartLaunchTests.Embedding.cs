using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Web;
using CryoCdsHooks.Web.Persistence;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;

namespace CryoCdsHooks.Web.Tests.Smart;

/// <summary>
/// Embedding (cookies, frame-ancestors, redirect_uri from configuration), state shared by replicas, the token
/// lifecycle (refresh, expiry), private_key_jwt and a draft order that is not on the FHIR server yet.
/// </summary>
public sealed partial class SmartLaunchTests
{
    [Fact]
    public async Task Redirect_uri_comes_from_configuration_whatever_the_host_header_says()
    {
        await using var factory = new CdsServiceFactory().With(
            "Smart:RedirectUri",
            "https://cds.example.org/smart/callback"
        );
        using var client = Client(factory);
        using var request = new HttpRequestMessage(
            HttpMethod.Get,
            $"/smart/launch?iss={Uri.EscapeDataString(_ehr.Iss)}&launch=xyz123"
        );
        request.Headers.Host = "attacker.example";

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(
            "https://cds.example.org/smart/callback",
            HttpUtility.ParseQueryString(response.Headers.Location!.Query)["redirect_uri"]
        );
    }

    [Fact]
    public async Task Https_public_url_sets_partitioned_cross_site_cookies_and_only_configured_ehrs_may_frame_the_app()
    {
        await using var factory = new CdsServiceFactory()
            .With("Smart:RedirectUri", "https://cds.example.org/smart/callback")
            .With("Smart:FrameAncestors:0", "https://ehr.example.org")
            .With("Smart:FrameAncestors:1", "https://portal.example.net:8443");
        using var client = Client(factory);

        var launch = await client.GetAsync($"/smart/launch?iss={Uri.EscapeDataString(_ehr.Iss)}&launch=xyz123");
        var page = await client.GetAsync("/smart/app");

        var cookie = Assert.Single(launch.Headers.GetValues("Set-Cookie"), c =>
            c.StartsWith("cryo_smart_login=", StringComparison.Ordinal)
        );
        Assert.Contains("samesite=none", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("partitioned", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.EndsWith("frame-ancestors https://ehr.example.org https://portal.example.net:8443", csp);
        Assert.DoesNotContain("'self'", csp[csp.IndexOf("frame-ancestors", StringComparison.Ordinal)..]);
        Assert.False(page.Headers.Contains("X-Frame-Options"));
    }

    [Fact]
    public async Task Without_configured_ehr_origins_no_page_may_frame_the_app()
    {
        await using var factory = new CdsServiceFactory();
        using var client = Client(factory);

        var page = await LaunchAndOpenAppAsync(client);
        var response = await client.GetAsync("/smart/app");

        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.False(response.Headers.Contains("X-Frame-Options"));
        Assert.Contains("Needs information", page);
    }

    [Fact]
    public async Task Any_replica_serves_any_step_with_state_in_the_shared_database()
    {
        var database = Path.Combine(Path.GetTempPath(), $"cryocdshooks-replicas-{Guid.NewGuid():N}.db");
        try
        {
            await using var replicaA = new CdsServiceFactory().With(
                "ConnectionStrings:Audit",
                $"Data Source={database}"
            );
            await using var replicaB = new CdsServiceFactory().With(
                "ConnectionStrings:Audit",
                $"Data Source={database}"
            );
            var browser = new CookieContainer(); // one browser, whichever replica answers
            using var a = replicaA.CreateDefaultClient(new CookieContainerHandler(browser));
            using var b = replicaB.CreateDefaultClient(new CookieContainerHandler(browser));

            var callback = await AuthorizeAsync(a); // launch on A
            Assert.Equal(HttpStatusCode.Redirect, (await b.GetAsync(callback)).StatusCode); // callback on B
            var page = await a.GetStringAsync("/smart/app"); // app on A
            Assert.Contains("Needs information", page);
            var attest = await b.PostAsync(
                "/smart/app/answers",
                new FormUrlEncodedContent(
                    new Dictionary<string, string>
                    {
                        ["__RequestVerificationToken"] = AntiforgeryToken(page), // antiforgery made by A, checked by B
                        ["q-surgical-candidacy"] = "false",
                    }
                )
            );
            Assert.Equal(HttpStatusCode.SeeOther, attest.StatusCode);
            Assert.Contains("Before: Needs information. Now: Covered.", await a.GetStringAsync("/smart/app"));

            // Stored encrypted: neither the access token nor the patient id is readable in the table.
            var rows = await replicaA.QueryAuditAsync(db => db.SmartStates.AsNoTracking().ToListAsync());
            Assert.NotEmpty(rows);
            Assert.All(rows, row => Assert.DoesNotContain(_ehr.AccessToken, row.Payload));
            Assert.All(rows, row => Assert.DoesNotContain(SmartEhr.PatientId, row.Payload));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in new[] { database, database + "-wal", database + "-shm" })
                File.Delete(file);
        }
    }

    [Fact]
    public async Task Expired_launch_state_is_purged_when_the_next_launch_starts()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var factory = new CdsServiceFactory();
        using var client = Client(WithTime(factory, time));
        await AuthorizeAsync(client);
        time.Advance(TimeSpan.FromMinutes(11)); // past Smart:LoginTimeout

        await AuthorizeAsync(client);

        Assert.Equal(1, await factory.QueryAuditAsync(db => db.SmartStates.CountAsync()));
    }

    [Fact]
    public async Task Expired_access_token_is_renewed_with_the_refresh_token()
    {
        _ehr.GrantsRefreshTokens = true;
        _ehr.ExpiresIn = 300;
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var factory = new CdsServiceFactory();
        using var client = Client(WithTime(factory, time));
        var page = await LaunchAndOpenAppAsync(client);
        var firstRefreshToken = (string?)
            JsonNode.Parse(_ehr.Requests("POST", "/auth/token").Single().ResponseMessage.BodyData!.BodyAsString!)![
                "refresh_token"
            ];

        time.Advance(TimeSpan.FromMinutes(10)); // past expires_in, within Smart:SessionLifetime
        _ehr.ExpireAccessToken();
        var attest = await client.PostAsync(
            "/smart/app/answers",
            new FormUrlEncodedContent(
                new Dictionary<string, string>
                {
                    ["__RequestVerificationToken"] = AntiforgeryToken(page),
                    ["q-surgical-candidacy"] = "false",
                }
            )
        );

        Assert.Equal(HttpStatusCode.SeeOther, attest.StatusCode);
        var refresh = HttpUtility.ParseQueryString(_ehr.Requests("POST", "/auth/token").Last().RequestMessage.Body!);
        Assert.Equal("refresh_token", refresh["grant_type"]);
        Assert.Equal(firstRefreshToken, refresh["refresh_token"]);
        Assert.Equal(
            $"Bearer {_ehr.AccessToken}",
            _ehr.Requests("POST", "/fhir/QuestionnaireResponse")
                .Single()
                .RequestMessage.Headers!["Authorization"]
                .ToString()
        );
        Assert.Contains("Now: Covered", await client.GetStringAsync("/smart/app"));
    }

    [Fact]
    public async Task Token_the_fhir_server_refuses_before_its_expiry_is_refreshed_once_and_the_read_repeated()
    {
        _ehr.GrantsRefreshTokens = true;
        await using var factory = new CdsServiceFactory();
        using var client = Client(factory);
        await LaunchAndOpenAppAsync(client);

        _ehr.ExpireAccessToken(); // revoked early: expires_in has not run out

        var response = await client.GetAsync("/smart/app");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, _ehr.Requests("POST", "/auth/token").Count());
    }

    [Theory]
    [InlineData(false, false)] // no refresh token was granted
    [InlineData(true, true)] // the refresh token was revoked
    public async Task Expired_access_that_cannot_be_renewed_says_so_and_offers_to_launch_again(
        bool grantsRefresh,
        bool refusesRefresh
    )
    {
        _ehr.GrantsRefreshTokens = grantsRefresh;
        _ehr.RefusesRefresh = refusesRefresh;
        _ehr.ExpiresIn = 300;
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var factory = new CdsServiceFactory();
        using var client = Client(WithTime(factory, time));
        await LaunchAndOpenAppAsync(client);
        var fhirCalls = _ehr.Server.LogEntries.Count(e =>
            e.RequestMessage.Path.StartsWith("/fhir/", StringComparison.Ordinal)
        );

        time.Advance(TimeSpan.FromMinutes(10)); // past expires_in, within Smart:SessionLifetime
        _ehr.ExpireAccessToken();
        var response = await client.GetAsync("/smart/app");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("Access to the EHR has expired", body);
        Assert.Contains(
            $"href=\"/smart/launch?iss={WebUtility.HtmlEncode(Uri.EscapeDataString(_ehr.Iss))}"
                + "&amp;launch=xyz123\">Launch again</a>",
            body
        );
        Assert.Equal(
            fhirCalls,
            _ehr.Server.LogEntries.Count(e => e.RequestMessage.Path.StartsWith("/fhir/", StringComparison.Ordinal))
        );
    }

    [Theory]
    [InlineData("RSA", "RS384")]
    [InlineData("EC", "ES384")]
    public async Task Private_key_jwt_client_authenticates_with_a_signed_assertion_verified_by_the_served_jwks(
        string kind,
        string algorithm
    )
    {
        var keyFile = Path.GetTempFileName();
        using AsymmetricAlgorithm key = kind == "RSA" ? RSA.Create(2048) : ECDsa.Create(ECCurve.NamedCurves.nistP384);
        await File.WriteAllTextAsync(keyFile, key.ExportPkcs8PrivateKeyPem());
        try
        {
            await using var factory = new CdsServiceFactory().With("Smart:PrivateKeyPath", keyFile);
            using var client = Client(factory);
            var jwks = await client.GetStringAsync("/smart/.well-known/jwks.json");
            _ehr.ClientJwks = new JsonWebKeySet(jwks);

            var page = await LaunchAndOpenAppAsync(client);

            Assert.Contains("Needs information", page);
            var jwk = Assert.Single(_ehr.ClientJwks.Keys);
            Assert.Equal(algorithm, jwk.Alg);
            Assert.False(jwk.HasPrivateKey);
            Assert.DoesNotContain("\"d\"", jwks);
            var token = _ehr.Requests("POST", "/auth/token").Single().RequestMessage;
            Assert.False(token.Headers!.ContainsKey("Authorization"));
            Assert.Null(HttpUtility.ParseQueryString(token.Body!)["client_secret"]);
        }
        finally
        {
            File.Delete(keyFile);
        }
    }

    [Fact]
    public async Task Without_a_private_key_no_jwks_is_served()
    {
        await using var factory = new CdsServiceFactory();
        using var client = Client(factory);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/smart/.well-known/jwks.json")).StatusCode);
    }

    [Fact]
    public async Task Draft_order_not_yet_on_the_fhir_server_is_reviewed_from_the_order_select_call_that_made_the_card()
    {
        await using var factory = new CdsServiceFactory();
        using var client = Client(factory);
        var request = JsonNode
            .Parse(
                await File.ReadAllTextAsync(
                    Path.Combine(
                        SmartEhr.RepositoryRoot(),
                        "fhir-samples",
                        "07-renal-candidacy-unknown",
                        "hook-request.json"
                    )
                )
            )!
            .AsObject();
        request["hook"] = "order-select";
        request["hookInstance"] = Guid.NewGuid().ToString();
        request["fhirServer"] = _ehr.Iss;
        request["context"]!["selections"] = new JsonArray(SmartEhr.OrderReference);
        var hook = await client.PostJsonAsync(HookClient.OrderSelect, request);
        Assert.Equal(HttpStatusCode.OK, hook.StatusCode);
        var link = HookClient
            .Cards(await hook.ReadJsonAsync())
            .SelectMany(c => c["links"]?.AsArray() ?? [])
            .Single(l => (string?)l!["type"] == "smart")!;
        _ehr.AppContext = (string)link["appContext"]!;
        var assertionId = (string)JsonNode.Parse(_ehr.AppContext)!["coverageAssertionId"]!;
        await WaitUntilStoredAsync(factory, assertionId);
        _ehr.RemoveResource(SmartEhr.OrderReference); // not saved in the EHR yet

        var page = await LaunchAndOpenAppAsync(client);

        Assert.Contains("not saved in the EHR yet", page);
        Assert.Contains("Needs information", page);
        Assert.Matches(@"data-criterion=""tumor-size"".*Met", page);
        Assert.Contains(assertionId, page);
        Assert.DoesNotContain("Order not available", page);
    }

    [Fact]
    public async Task Draft_order_of_another_patient_is_not_shown()
    {
        await using var factory = new CdsServiceFactory();
        using var client = Client(factory);
        await factory.QueryAuditAsync(async db =>
        {
            db.HookInvocations.Add(DraftOrderCall(clientId: "", "h-other", "someone-else", "Draft of another patient"));
            db.CoverageAssertions.Add(
                new CoverageAssertion
                {
                    AssertionId = "ca-other",
                    HookInstance = "h-other",
                    ServiceId = "cryoablation-order-select",
                    OrderReference = SmartEhr.OrderReference,
                    Covered = "conditional",
                    Reason = "x",
                    CoverageInformationJson = "{}",
                    CreatedAt = DateTimeOffset.UtcNow,
                }
            );
            return await db.SaveChangesAsync();
        });
        _ehr.AppContext = """{"order":"ServiceRequest/s07-order","coverageAssertionId":"ca-other","missing":[]}""";
        _ehr.RemoveResource(SmartEhr.OrderReference);

        var callback = await client.GetAsync(await AuthorizeAsync(client));
        var response = await client.GetAsync(callback.Headers.Location);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("Order not available", await response.Content.ReadAsStringAsync());
    }

    internal static WebApplicationFactory<Program> WithTime(CdsServiceFactory factory, TimeProvider time) =>
        factory.WithWebHostBuilder(b => b.ConfigureTestServices(services => services.AddSingleton(time)));

    /// <summary>The audit writer stores in the background: wait for the coverage assertion.</summary>
    private static async Task WaitUntilStoredAsync(CdsServiceFactory factory, string assertionId)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await factory.QueryAuditAsync(db => db.CoverageAssertions.AnyAsync(a => a.AssertionId == assertionId)))
                return;
            await Task.Delay(50);
        }
        throw new TimeoutException($"Coverage assertion {assertionId} was not stored.");
    }
}
