using System.Net;
using System.Text.RegularExpressions;
using System.Web;
using CryoCdsHooks.Web.Tests.Dtr;
using Hl7.Fhir.Serialization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace CryoCdsHooks.Web.Tests.Smart;

/// <summary>
/// The SMART EHR launch end to end through the service (TestServer) with WireMock.Net as the EHR's
/// authorization and FHIR server: launch → authorize → callback → token → app page → attest → re-evaluation.
/// </summary>
public sealed partial class SmartLaunchTests : IDisposable
{
    private readonly SmartEhr _ehr = new();

    public void Dispose() => _ehr.Dispose();

    private static HttpClient Client(WebApplicationFactory<Program> factory) =>
        factory.CreateClient(
            new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }
        );

    [Fact]
    public async Task Launch_redirects_to_authorize_with_state_pkce_s256_aud_launch_and_scopes()
    {
        await using var factory = new CdsServiceFactory();
        using var client = Client(factory);

        var response = await client.GetAsync($"/smart/launch?iss={Uri.EscapeDataString(_ehr.Iss)}&launch=xyz123");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith(_ehr.Server.Url + "/auth/authorize?", location.AbsoluteUri);
        var query = HttpUtility.ParseQueryString(location.Query);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal(SmartEhr.ClientId, query["client_id"]);
        Assert.Equal("http://localhost/smart/callback", query["redirect_uri"]);
        Assert.Equal("xyz123", query["launch"]);
        Assert.Equal(_ehr.Iss, query["aud"]);
        Assert.Contains("launch", query["scope"]!.Split(' '));
        Assert.Contains("user/QuestionnaireResponse.c", query["scope"]!.Split(' '));
        Assert.Contains("patient/QuestionnaireResponse.rs", query["scope"]!.Split(' '));
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", query["code_challenge"]!);
        Assert.True(query["state"]!.Length >= 32);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Full_flow_renders_our_questionnaire_writes_a_dtr_response_and_re_evaluates_to_covered()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var factory = new CdsServiceFactory();
        using var client = Client(WithTime(factory, time));

        var page = await LaunchAndOpenAppAsync(client);

        // PKCE: the token request carried the verifier whose S256 is the challenge sent to authorize.
        var authorize = HttpUtility.ParseQueryString(
            new Uri(_ehr.Requests("GET", "/auth/authorize").Single().RequestMessage.AbsoluteUrl).Query
        );
        var token = HttpUtility.ParseQueryString(_ehr.Requests("POST", "/auth/token").Single().RequestMessage.Body!);
        Assert.Equal(
            authorize["code_challenge"],
            SmartEhr.Base64Url(
                System.Security.Cryptography.SHA256.HashData(
                    System.Text.Encoding.ASCII.GetBytes(token["code_verifier"]!)
                )
            )
        );
        Assert.Equal("authorization_code", token["grant_type"]);
        Assert.Equal(SmartEhr.ClientId, token["client_id"]); // public client: id in the body, no secret
        Assert.Null(token["client_secret"]);
        Assert.False(
            _ehr.Requests("POST", "/auth/token").Single().RequestMessage.Headers!.ContainsKey("Authorization")
        );

        // The page: determination, criteria with status and evidence, our Questionnaire's open question; never the
        // token.
        Assert.Contains("<html lang=\"en\">", page);
        Assert.Contains("Needs information", page);
        Assert.Contains("<th scope=\"col\" role=\"columnheader\">Criterion</th>", page);
        Assert.Matches(@"data-criterion=""tumor-size"".*Met", page);
        Assert.Contains("Observation/s07-tumor-size", page);
        Assert.Contains("Beatrix", page); // patient banner
        Assert.Contains("<legend>Is the individual a surgical candidate?</legend>", page);
        Assert.Contains("name=\"q-surgical-candidacy\"", page);
        Assert.DoesNotContain(_ehr.AccessToken, page);
        Assert.All(_ehr.Requests("GET", "/fhir/ServiceRequest/s07-order"), e =>
            Assert.Equal($"Bearer {_ehr.AccessToken}", e.RequestMessage.Headers!["Authorization"].ToString())
        );

        // Answer "Is the individual a surgical candidate?": No.
        var answered = await client.PostAsync(
            "/smart/app/answers",
            new FormUrlEncodedContent(
                new Dictionary<string, string>
                {
                    ["__RequestVerificationToken"] = AntiforgeryToken(page),
                    ["q-surgical-candidacy"] = "false",
                }
            )
        );
        Assert.Equal(HttpStatusCode.SeeOther, answered.StatusCode);
        Assert.Equal("/smart/app", answered.Headers.Location!.OriginalString);

        var posted = Assert.Single(_ehr.Requests("POST", "/fhir/QuestionnaireResponse"));
        Assert.Equal($"Bearer {_ehr.AccessToken}", posted.RequestMessage.Headers!["Authorization"].ToString());
        Assert.StartsWith("application/fhir+json", posted.RequestMessage.Headers!["Content-Type"].ToString());
        var response = Assert.Single(_ehr.CreatedResponses);
        Assert.Equal("completed", (string?)response["status"]);
        Assert.Equal(
            "http://cryocdshooks.org/fhir/Questionnaire/mp260-renal-cryoablation|2024.09",
            (string?)response["questionnaire"]
        );
        Assert.Equal($"Patient/{SmartEhr.PatientId}", (string?)response["subject"]!["reference"]);
        Assert.Equal(SmartEhr.PractitionerReference, (string?)response["author"]!["reference"]);
        Assert.Equal(
            time.GetUtcNow(),
            DateTimeOffset.Parse((string)response["authored"]!),
            TimeSpan.FromMilliseconds(1)
        );
        Assert.Equal(
            [SmartEhr.OrderReference, "Coverage/s07-coverage"],
            response["extension"]!
                .AsArray()
                .Where(e => (string?)e!["url"] == "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/qr-context")
                .Select(e => (string?)e!["valueReference"]!["reference"])
        );
        var item = Assert.Single(response["item"]!.AsArray());
        Assert.Equal("surgical-candidacy", (string?)item!["linkId"]);
        Assert.False((bool)Assert.Single(item["answer"]!.AsArray())!["valueBoolean"]!);
        DtrProfileValidator.Instance.AssertConforms(
            new FhirJsonDeserializer().Deserialize<Hl7.Fhir.Model.QuestionnaireResponse>(response.ToJsonString()),
            "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/dtr-questionnaireresponse"
        );

        // Re-evaluation reads the new QuestionnaireResponse back from the EHR: the answer is now evidence.
        var after = await client.GetStringAsync("/smart/app");
        Assert.Contains("Before: Needs information. Now: Covered.", after);
        Assert.Matches(@"class=""outcome covered"" id=""outcome""><strong>Covered</strong>", after);
        Assert.Contains("QuestionnaireResponse/qr-new-1", after);
        Assert.DoesNotContain("name=\"q-surgical-candidacy\"", after);
    }

    [Fact]
    public async Task Confidential_client_authenticates_with_http_basic()
    {
        _ehr.ExpectedClientSecret = "s3cr3t";
        await using var factory = new CdsServiceFactory().With("Smart:ClientSecret", "s3cr3t");
        using var client = Client(factory);

        var page = await LaunchAndOpenAppAsync(client);

        Assert.Contains("Needs information", page);
        var token = _ehr.Requests("POST", "/auth/token").Single().RequestMessage;
        Assert.Equal(
            "Basic " + Convert.ToBase64String("cryo-cds-smart:s3cr3t"u8.ToArray()),
            token.Headers!["Authorization"].ToString()
        );
        var form = HttpUtility.ParseQueryString(token.Body!);
        Assert.Null(form["client_secret"]);
        Assert.NotNull(form["code_verifier"]);
    }

    [Fact]
    public async Task Callback_with_another_state_is_400_and_no_token_is_requested()
    {
        await using var factory = new CdsServiceFactory();
        using var client = Client(factory);
        var callback = await AuthorizeAsync(client);

        var forged = Regex.Replace(callback, "state=[^&]+", "state=forged-state");
        var response = await client.GetAsync(forged);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Launch expired or invalid", await response.Content.ReadAsStringAsync());
        Assert.Empty(_ehr.Requests("POST", "/auth/token"));
    }

    [Fact]
    public async Task Callback_from_another_browser_is_400()
    {
        await using var factory = new CdsServiceFactory();
        using var client = Client(factory);
        using var otherBrowser = Client(factory);
        var callback = await AuthorizeAsync(client);

        var response = await otherBrowser.GetAsync(callback);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(_ehr.Requests("POST", "/auth/token"));
    }

    [Fact]
    public async Task State_is_single_use()
    {
        await using var factory = new CdsServiceFactory();
        using var client = Client(factory);
        var callback = await AuthorizeAsync(client);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync(callback)).StatusCode);

        var replay = await client.GetAsync(callback);

        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.Single(_ehr.Requests("POST", "/auth/token"));
    }

    [Theory]
    [InlineData(false, null)] // loopback iss while loopback is not allowed
    [InlineData(true, "https://evil.example/fhir")] // https iss not on the allowlist
    [InlineData(true, "not a url")]
    public async Task Iss_not_on_the_allowlist_is_400_without_any_outbound_call(bool allowLoopback, string? iss)
    {
        await using var factory = new CdsServiceFactory()
            .With("FhirAccess:AllowLoopback", allowLoopback ? "true" : "false")
            .With("FhirAccess:AllowedFhirServers:0", "https://ehr.example.org/fhir");
        using var client = Client(factory);

        var response = await client.GetAsync($"/smart/launch?iss={Uri.EscapeDataString(iss ?? _ehr.Iss)}&launch=xyz");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not on this service", await response.Content.ReadAsStringAsync());
        Assert.Empty(_ehr.Server.LogEntries);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Launch_without_iss_or_launch_is_400()
    {
        await using var factory = new CdsServiceFactory();
        using var client = Client(factory);

        Assert.Equal(
            HttpStatusCode.BadRequest,
            (await client.GetAsync($"/smart/launch?iss={Uri.EscapeDataString(_ehr.Iss)}")).StatusCode
        );
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/smart/launch?launch=xyz")).StatusCode);
        Assert.Empty(_ehr.Server.LogEntries);
    }

    [Fact]
    public async Task Authorization_error_is_shown_and_no_token_is_requested()
    {
        await using var factory = new CdsServiceFactory();
        using var client = Client(factory);
        var callback = await AuthorizeAsync(client);
        var state = HttpUtility.ParseQueryString(callback[callback.IndexOf('?')..])["state"];

        var response = await client.GetAsync(
            $"/smart/callback?error=access_denied&error_description=%3Cscript%3E&state={state}"
        );

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("access_denied", body);
        Assert.DoesNotContain("<script>", body);
        Assert.Empty(_ehr.Requests("POST", "/auth/token"));
    }

    [Fact]
    public async Task Attest_without_antiforgery_token_is_400_and_writes_nothing()
    {
        await using var factory = new CdsServiceFactory();
        using var client = Client(factory);
        await LaunchAndOpenAppAsync(client);

        var response = await client.PostAsync(
            "/smart/app/answers",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["q-surgical-candidacy"] = "false" })
        );

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(_ehr.Requests("POST", "/fhir/QuestionnaireResponse"));
    }

    [Fact]
    public async Task App_without_a_session_is_401()
    {
        await using var factory = new CdsServiceFactory();
        using var client = Client(factory);

        var response = await client.GetAsync("/smart/app");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Launch the app again", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Plain_string_app_context_falls_back_to_fhir_context_order()
    {
        _ehr.AppContext = "not json";
        await using var factory = new CdsServiceFactory();
        using var client = Client(factory);

        var page = await LaunchAndOpenAppAsync(client);

        Assert.Contains("ServiceRequest/s07-order", page);
        Assert.Contains("Needs information", page);
    }

    [Theory]
    [InlineData(403, "The EHR refused them (HTTP 403: QuestionnaireResponse writes are not enabled for this app)")]
    [InlineData(500, "The EHR refused them (HTTP 500")]
    [InlineData(0, "did not answer in time or could not be reached")] // a write slower than Smart:HttpTimeout
    public async Task Answers_the_EHR_does_not_save_stay_in_the_form_with_the_reason_and_nothing_is_claimed(
        int status,
        string reason
    )
    {
        if (status == 0)
            _ehr.WriteDelay = TimeSpan.FromSeconds(3);
        else
            _ehr.RejectWritesWith = status;
        await using var factory = new CdsServiceFactory().With("Smart:HttpTimeout", "00:00:01");
        using var client = Client(factory);
        var page = await LaunchAndOpenAppAsync(client);

        var response = await client.PostAsync(
            "/smart/app/answers",
            new FormUrlEncodedContent(
                new Dictionary<string, string>
                {
                    ["__RequestVerificationToken"] = AntiforgeryToken(page),
                    ["q-surgical-candidacy"] = "false",
                }
            )
        );

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var shown = await client.GetStringAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("role=\"alert\">Your answers were not saved.", shown);
        Assert.Contains(reason, shown);
        Assert.Contains("Needs information", shown);
        Assert.DoesNotContain("Saved your answers", shown);
        // The answer is still chosen: "No" of the candidacy question is checked.
        Assert.Matches(@"id=""q-surgical-candidacy-1"" value=""false"" checked", shown);
        Assert.DoesNotMatch(@"id=""q-surgical-candidacy-0"" value=""true"" checked", shown);
        Assert.Empty(_ehr.CreatedResponses);

        // Saved once the EHR accepts it: the kept answers go, the answer is re-evaluated.
        (_ehr.RejectWritesWith, _ehr.WriteDelay) = (null, TimeSpan.Zero);
        var again = await client.PostAsync(
            "/smart/app/answers",
            new FormUrlEncodedContent(
                new Dictionary<string, string>
                {
                    ["__RequestVerificationToken"] = AntiforgeryToken(shown),
                    ["q-surgical-candidacy"] = "false",
                }
            )
        );
        Assert.Contains("Now: Covered", await client.GetStringAsync(again.Headers.Location!.OriginalString));
    }

    [Fact]
    public async Task Unanswered_form_writes_nothing_and_says_so_once()
    {
        await using var factory = new CdsServiceFactory();
        using var client = Client(factory);
        var page = await LaunchAndOpenAppAsync(client);

        var response = await client.PostAsync(
            "/smart/app/answers",
            new FormUrlEncodedContent(
                new Dictionary<string, string> { ["__RequestVerificationToken"] = AntiforgeryToken(page) }
            )
        );

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Contains("Nothing was saved", await client.GetStringAsync(response.Headers.Location!.OriginalString));
        Assert.DoesNotContain(
            "Nothing was saved",
            await client.GetStringAsync(response.Headers.Location!.OriginalString)
        );
        Assert.Empty(_ehr.Requests("POST", "/fhir/QuestionnaireResponse"));
    }

    [Fact]
    public async Task Token_endpoint_refusal_is_502_and_starts_no_session()
    {
        _ehr.ExpectedClientSecret = "the-right-secret";
        await using var factory = new CdsServiceFactory().With("Smart:ClientSecret", "a-wrong-secret");
        using var client = Client(factory);

        var response = await client.GetAsync(await AuthorizeAsync(client));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.False(
            response.Headers.TryGetValues("Set-Cookie", out var cookies)
                && cookies.Any(c => c.StartsWith("cryo_smart_session=", StringComparison.Ordinal))
        );
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/smart/app")).StatusCode);
    }

    [Fact]
    public async Task Logs_never_carry_the_access_token_code_or_verifier()
    {
        var logs = new LogCollector();
        await using var factory = new CdsServiceFactory();
        using var client = Client(factory.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(logs))));
        var page = await LaunchAndOpenAppAsync(client);
        await client.PostAsync(
            "/smart/app/answers",
            new FormUrlEncodedContent(
                new Dictionary<string, string>
                {
                    ["__RequestVerificationToken"] = AntiforgeryToken(page),
                    ["q-surgical-candidacy"] = "false",
                }
            )
        );

        var token = HttpUtility.ParseQueryString(_ehr.Requests("POST", "/auth/token").Single().RequestMessage.Body!);
        var text = logs.Text();
        Assert.Contains("wrote a QuestionnaireResponse to", text);
        Assert.Contains("answering surgical-candidacy", text);
        Assert.DoesNotContain(_ehr.AccessToken, text);
        Assert.DoesNotContain(token["code"]!, text);
        Assert.DoesNotContain(token["code_verifier"]!, text);
        Assert.DoesNotContain(SmartEhr.PatientId, text);
    }

    [Theory]
    [InlineData("Smart:Scopes", "openid fhirUser")] // no launch scope
    [InlineData("Smart:SessionLifetime", "00:00:00")]
    [InlineData("Smart:RedirectUri", "http://app.example.org/smart/callback")] // plain http off loopback
    [InlineData("Smart:RedirectUri", "")] // required: never taken from the Host header
    [InlineData("Smart:FrameAncestors:0", "https://ehr.example.org/emr")] // an origin, not a page
    [InlineData("Smart:MaxAuthorizationResponseBytes", "0")] // every answer is capped
    [InlineData("Smart:MaxFhirResponseBytes", "1073741824")]
    [InlineData("Smart:LaunchesPerMinutePerSource", "0")]
    [InlineData("Smart:DiscoveryCacheMaxEntries", "0")]
    public void Invalid_settings_stop_the_start(string key, string value)
    {
        using var factory = new CdsServiceFactory().With(key, value);

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        // The validation error itself, every time (not an ObjectDisposedException from a host torn down mid-start).
        Assert.IsType<Microsoft.Extensions.Options.OptionsValidationException>(error);
        Assert.Contains(key.Split(':')[1], error.Message);
    }

    /// <summary>
    /// Launch + authorize; returns the callback URL (path and query on the service) the EHR redirects to.
    /// </summary>
    private Task<string> AuthorizeAsync(HttpClient client) => _ehr.AuthorizeAsync(client);

    private async Task<string> LaunchAndOpenAppAsync(HttpClient client)
    {
        var callback = await client.GetAsync(await AuthorizeAsync(client));
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal("/smart/app", callback.Headers.Location!.OriginalString);
        var cookie = Assert.Single(callback.Headers.GetValues("Set-Cookie"), c =>
            c.StartsWith("cryo_smart_session=", StringComparison.Ordinal)
        );
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(_ehr.AccessToken, cookie);

        var app = await client.GetAsync("/smart/app");
        var page = await app.Content.ReadAsStringAsync();
        Assert.True(app.StatusCode == HttpStatusCode.OK, page);
        return page;
    }

    internal static string AntiforgeryToken(string page) =>
        AntiforgeryField().Match(page) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new InvalidOperationException("no antiforgery field");

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    /// <summary>Every formatted log message and exception of the service under test.</summary>
    private sealed class LogCollector : ILoggerProvider
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();

        public string Text() => string.Join("\n", _lines);

        public ILogger CreateLogger(string categoryName) => new Collector(_lines, categoryName);

        public void Dispose() { }

        private sealed class Collector(System.Collections.Concurrent.ConcurrentQueue<string> lines, string category)
            : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(
                LogLevel logLevel,
                EventId eventId,
                TState state,
                Exception? exception,
                Func<TState, Exception?, string> formatter
            ) => lines.Enqueue($"{category}: {formatter(state, exception)} {exception}");
        }
    }
}
