using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace CryoCdsHooks.Web.Tests.Smart;

/// <summary>
/// A SMART-enabled EHR in WireMock.Net: the authorization server (<c>/fhir/.well-known/smart-configuration</c>,
/// <c>/auth/authorize</c> answering 302 to the redirect_uri with a code and the echoed state, <c>/auth/token</c>
/// checking PKCE like a real server) and the FHIR server, serving one fhir-samples bundle and accepting
/// <c>POST /fhir/QuestionnaireResponse</c>, which later searches return.
/// </summary>
public sealed class SmartEhr : IDisposable
{
    public const string ClientId = "cryo-cds-smart";
    public const string PatientId = "s07-patient";
    public const string OrderReference = "ServiceRequest/s07-order";
    public const string PractitionerReference = "Practitioner/s07-practitioner";

    private readonly ConcurrentDictionary<string, JsonObject> _resources = new(); // "Type/id" → resource
    private readonly ConcurrentDictionary<string, (string Challenge, string RedirectUri)> _codes = new();
    private int _nextId;

    /// <param name="sample">A fhir-samples scenario whose ids follow "s{number}-patient", "s{number}-order", ….
    /// </param>
    public SmartEhr(string sample = "07-renal-candidacy-unknown")
    {
        _ids = "s" + sample[..2];
        AppContext = $$"""{"order":"{{Order}}","coverageAssertionId":"ca-123","missing":[]}""";
        var bundle = JsonNode
            .Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "fhir-samples", sample, "bundle.json")))!
            .AsObject();
        foreach (var entry in bundle["entry"]!.AsArray())
        {
            var resource = entry!["resource"]!.AsObject();
            _resources[$"{resource["resourceType"]}/{resource["id"]}"] = (JsonObject)resource.DeepClone();
        }

        Server = WireMockServer.Start();
        Server
            .Given(Request.Create().WithPath("/fhir/.well-known/smart-configuration").UsingGet())
            .RespondWith(
                Response
                    .Create()
                    .WithCallback(_ =>
                        Padded(
                            Json(200, SmartConfiguration(), SmartConfigurationCacheControl),
                            SmartConfigurationPadding
                        )
                    )
            );
        Server
            .Given(Request.Create().WithPath("/auth/authorize").UsingGet())
            .RespondWith(Response.Create().WithCallback(Authorize));
        Server
            .Given(Request.Create().WithPath("/auth/token").UsingPost())
            .RespondWith(Response.Create().WithCallback(Token));
        Server
            .Given(
                Request
                    .Create()
                    .WithPath(new WireMock.Matchers.RegexMatcher(@"^/fhir/[A-Za-z]+(/[A-Za-z0-9\-.]+)?$"))
                    .UsingGet()
            )
            .RespondWith(Response.Create().WithCallback(Fhir));
        Server
            .Given(Request.Create().WithPath("/fhir/QuestionnaireResponse").UsingPost())
            .RespondWith(Response.Create().WithCallback(CreateQuestionnaireResponse));
    }

    public WireMockServer Server { get; }

    /// <summary>The sample's id prefix ("s07").</summary>
    private readonly string _ids;

    /// <summary>The launch patient's id, the order and the user (fhirUser) of this EHR's sample.</summary>
    public string Patient => $"{_ids}-patient";
    public string Order => $"ServiceRequest/{_ids}-order";
    public string Practitioner => $"Practitioner/{_ids}-practitioner";

    /// <summary>The <c>Cache-Control</c> of the smart-configuration; none when null.</summary>
    public string? SmartConfigurationCacheControl { get; set; }

    /// <summary>
    /// Bytes of filler added to the smart-configuration, the token response and FHIR reads (a hostile server).
    /// </summary>
    public int SmartConfigurationPadding { get; set; }
    public int TokenPadding { get; set; }
    public int FhirReadPadding { get; set; }

    /// <summary>How long the token endpoint waits before answering.</summary>
    public TimeSpan TokenDelay { get; set; }
    public string Iss => Server.Url + "/fhir";

    /// <summary>The access token the token endpoint issued last; the FHIR server accepts only it.</summary>
    public string AccessToken { get; private set; } = "at-" + Guid.NewGuid().ToString("N");
    public string? ExpectedClientSecret { get; set; }

    /// <summary>When set, the client must authenticate with private_key_jwt signed by a key of this set.</summary>
    public Microsoft.IdentityModel.Tokens.JsonWebKeySet? ClientJwks { get; set; }

    /// <summary><c>expires_in</c> of issued access tokens.</summary>
    public int ExpiresIn { get; set; } = 3600;

    /// <summary>When true, the token response carries a refresh token and the refresh_token grant is served.</summary>
    public bool GrantsRefreshTokens { get; set; }

    /// <summary>When true, refresh requests are refused (invalid_grant), as for a revoked refresh token.</summary>
    public bool RefusesRefresh { get; set; }
    private string? _refreshToken;
    private readonly ConcurrentDictionary<string, bool> _assertionIds = new();

    /// <summary>The access token stops working now (expired or revoked); only a refresh gets a new one.</summary>
    public void ExpireAccessToken() => AccessToken = "expired-" + Guid.NewGuid().ToString("N");

    /// <summary>The order is not on the FHIR server (a draft at order-select).</summary>
    public void RemoveResource(string reference) => _resources.TryRemove(reference, out _);

    /// <summary>appContext as the CDS card puts it: a JSON string.</summary>
    public string AppContext { get; set; }
    public List<JsonObject> CreatedResponses { get; } = [];

    /// <summary>
    /// When set, <c>POST /fhir/QuestionnaireResponse</c> answers this status (with an OperationOutcome) instead of
    /// creating the resource.
    /// </summary>
    public int? RejectWritesWith { get; set; }

    /// <summary>When false, a QuestionnaireResponse search finds nothing (a server that does not index them yet).
    /// </summary>
    public bool SearchesQuestionnaireResponses { get; set; } = true;

    /// <summary>How long <c>POST /fhir/QuestionnaireResponse</c> waits before answering (a slow EHR).</summary>
    public TimeSpan WriteDelay { get; set; }

    /// <summary>
    /// Launch + authorize through <paramref name="client"/> (the service); returns the callback URL (path and query
    /// on the service) this EHR redirects to.
    /// </summary>
    public async Task<string> AuthorizeAsync(HttpClient client)
    {
        var launch = await client.GetAsync($"/smart/launch?iss={Uri.EscapeDataString(Iss)}&launch=xyz123");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, launch.StatusCode);
        using var ehrBrowser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var authorize = await ehrBrowser.GetAsync(launch.Headers.Location);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, authorize.StatusCode);
        return authorize.Headers.Location!.PathAndQuery;
    }

    public IEnumerable<WireMock.Logging.ILogEntry> Requests(string method, string path) =>
        Server.LogEntries.Where(e => e.RequestMessage.Method == method && e.RequestMessage.Path == path);

    public JsonObject SmartConfiguration() =>
        new()
        {
            ["issuer"] = Server.Url + "/auth",
            ["authorization_endpoint"] = Server.Url + "/auth/authorize",
            ["token_endpoint"] = Server.Url + "/auth/token",
            ["token_endpoint_auth_methods_supported"] = new JsonArray("client_secret_basic", "none"),
            ["grant_types_supported"] = new JsonArray("authorization_code"),
            ["scopes_supported"] = new JsonArray(
                "launch",
                "openid",
                "fhirUser",
                "patient/*.rs",
                "patient/QuestionnaireResponse.rs",
                "user/QuestionnaireResponse.c"
            ),
            ["response_types_supported"] = new JsonArray("code"),
            ["code_challenge_methods_supported"] = new JsonArray("S256"),
            ["capabilities"] = new JsonArray(
                "launch-ehr",
                "client-public",
                "client-confidential-symmetric",
                "context-ehr-patient",
                "permission-v2"
            ),
        };

    private IResponseMessage Authorize(IRequestMessage request)
    {
        var query = request.Query!;
        string Q(string name) => query.TryGetValue(name, out var values) ? values.ToString() : "";
        if (
            Q("response_type") != "code"
            || Q("client_id") != ClientId
            || Q("code_challenge_method") != "S256"
            || Q("aud") != Iss
            || Q("launch").Length == 0
            || Q("state").Length == 0
        )
        {
            return Json(400, new JsonObject { ["error"] = "invalid_request" });
        }
        var code = "code-" + Guid.NewGuid().ToString("N");
        _codes[code] = (Q("code_challenge"), Q("redirect_uri"));
        var location = $"{Q("redirect_uri")}?code={code}&state={Uri.EscapeDataString(Q("state"))}";
        return new ResponseMessage
        {
            StatusCode = 302,
            Headers = new Dictionary<string, WireMockList<string>> { ["Location"] = new(location) },
        };
    }

    private IResponseMessage Token(IRequestMessage request)
    {
        if (TokenDelay > TimeSpan.Zero)
            Thread.Sleep(TokenDelay);
        return Padded(TokenAnswer(request), TokenPadding);
    }

    private IResponseMessage TokenAnswer(IRequestMessage request)
    {
        var form = System.Web.HttpUtility.ParseQueryString(request.Body ?? "");
        var authorization = request.Headers!.TryGetValue("Authorization", out var values) ? values.ToString() : null;
        if (ExpectedClientSecret is not null)
        {
            var expected =
                "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ClientId}:{ExpectedClientSecret}"));
            if (authorization != expected)
                return Json(401, new JsonObject { ["error"] = "invalid_client" });
        }
        else if (ClientJwks is not null)
        {
            if (authorization is not null || !ValidClientAssertion(form))
                return Json(401, new JsonObject { ["error"] = "invalid_client" });
        }
        else if (form["client_id"] != ClientId)
        {
            return Json(401, new JsonObject { ["error"] = "invalid_client" });
        }

        if (form["grant_type"] == "refresh_token")
        {
            if (
                !GrantsRefreshTokens
                || RefusesRefresh
                || _refreshToken is null
                || form["refresh_token"] != _refreshToken
            )
                return Json(400, new JsonObject { ["error"] = "invalid_grant" });
            AccessToken = "at-" + Guid.NewGuid().ToString("N");
            _refreshToken = "rt-" + Guid.NewGuid().ToString("N"); // rotated
            return Json(
                200,
                new JsonObject
                {
                    ["access_token"] = AccessToken,
                    ["token_type"] = "Bearer",
                    ["expires_in"] = ExpiresIn,
                    ["scope"] = "launch openid fhirUser patient/*.rs user/QuestionnaireResponse.c",
                    ["refresh_token"] = _refreshToken,
                }
            );
        }

        // Single-use code bound to its PKCE challenge and redirect_uri.
        if (
            form["grant_type"] != "authorization_code"
            || form["code"] is not { } code
            || !_codes.TryRemove(code, out var issued)
            || issued.RedirectUri != form["redirect_uri"]
            || Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"] ?? ""))) != issued.Challenge
        )
        {
            return Json(400, new JsonObject { ["error"] = "invalid_grant" });
        }

        if (GrantsRefreshTokens)
            _refreshToken = "rt-" + Guid.NewGuid().ToString("N");
        var response = new JsonObject
        {
            ["access_token"] = AccessToken,
            ["token_type"] = "Bearer",
            ["expires_in"] = ExpiresIn,
            ["scope"] = "launch openid fhirUser patient/*.rs user/QuestionnaireResponse.c",
            ["patient"] = Patient,
            ["encounter"] = $"{_ids}-encounter",
            ["fhirContext"] = new JsonArray(new JsonObject { ["reference"] = Order }),
            ["appContext"] = AppContext,
            ["need_patient_banner"] = true,
            ["id_token"] = UnsignedIdToken(),
        };
        if (_refreshToken is not null)
            response["refresh_token"] = _refreshToken;
        return Json(200, response);
    }

    /// <summary>
    /// SMART asymmetric client authentication: a fresh, signed assertion about this client for this endpoint.
    /// </summary>
    private bool ValidClientAssertion(System.Collections.Specialized.NameValueCollection form)
    {
        if (
            form["client_assertion_type"] != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
            || form["client_assertion"] is not { } assertion
        )
            return false;
        var result = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler()
            .ValidateTokenAsync(
                assertion,
                new Microsoft.IdentityModel.Tokens.TokenValidationParameters
                {
                    ValidIssuer = ClientId,
                    ValidAudience = Server.Url + "/auth/token",
                    IssuerSigningKeys = ClientJwks!.GetSigningKeys(),
                    ValidAlgorithms = ["RS384", "ES384"],
                    RequireExpirationTime = true,
                }
            )
            .GetAwaiter()
            .GetResult();
        if (!result.IsValid || result.SecurityToken is not Microsoft.IdentityModel.JsonWebTokens.JsonWebToken jwt)
            return false;
        // Single-use jti, sub = iss = client_id, and at most five minutes of validity.
        return jwt.Subject == ClientId
            && jwt.Id is { Length: > 0 } jti
            && _assertionIds.TryAdd(jti, true)
            && jwt.ValidTo - jwt.IssuedAt <= TimeSpan.FromMinutes(5);
    }

    private IResponseMessage Fhir(IRequestMessage request)
    {
        if (!IsAuthorized(request))
            return Json(401, OperationOutcome("login"));
        var parts = request.Path.Split('/', StringSplitOptions.RemoveEmptyEntries); // fhir, Type[, id]
        if (parts.Length == 3)
        {
            return _resources.TryGetValue($"{parts[1]}/{parts[2]}", out var resource)
                ? Padded(Json(200, resource), FhirReadPadding)
                : Json(404, OperationOutcome("not-found"));
        }

        var matches = _resources
            .Where(r => r.Key.StartsWith(parts[1] + "/", StringComparison.Ordinal))
            .Where(r => SearchesQuestionnaireResponses || parts[1] != "QuestionnaireResponse")
            .Select(r => r.Value)
            .ToList();
        var bundle = new JsonObject
        {
            ["resourceType"] = "Bundle",
            ["type"] = "searchset",
            ["total"] = matches.Count,
        };
        if (matches.Count > 0)
            bundle["entry"] = new JsonArray(
                matches.Select(m => (JsonNode)new JsonObject { ["resource"] = m.DeepClone() }).ToArray()
            );
        return Json(200, bundle);
    }

    private IResponseMessage CreateQuestionnaireResponse(IRequestMessage request)
    {
        if (WriteDelay > TimeSpan.Zero)
            Thread.Sleep(WriteDelay);
        if (!IsAuthorized(request))
            return Json(401, OperationOutcome("login"));
        if (RejectWritesWith is { } status)
            return Json(
                status,
                new JsonObject
                {
                    ["resourceType"] = "OperationOutcome",
                    ["issue"] = new JsonArray(
                        new JsonObject
                        {
                            ["severity"] = "error",
                            ["code"] = "forbidden",
                            ["diagnostics"] = "QuestionnaireResponse writes are not enabled for this app",
                        }
                    ),
                }
            );
        var response = JsonNode.Parse(request.Body ?? "null") as JsonObject;
        if (response?["resourceType"]?.GetValue<string>() != "QuestionnaireResponse")
            return Json(400, OperationOutcome("invalid"));
        lock (CreatedResponses)
            CreatedResponses.Add((JsonObject)response.DeepClone());
        var id = $"qr-new-{Interlocked.Increment(ref _nextId)}";
        response["id"] = id;
        _resources[$"QuestionnaireResponse/{id}"] = response;
        return new ResponseMessage
        {
            StatusCode = 201,
            Headers = new Dictionary<string, WireMockList<string>>
            {
                ["Location"] = new($"{Iss}/QuestionnaireResponse/{id}/_history/1"),
            },
        };
    }

    private bool IsAuthorized(IRequestMessage request) =>
        request.Headers!.TryGetValue("Authorization", out var values) && values.ToString() == $"Bearer {AccessToken}";

    private string UnsignedIdToken()
    {
        static string Part(JsonObject json) => Base64Url(Encoding.UTF8.GetBytes(json.ToJsonString()));
        return Part(new JsonObject { ["alg"] = "none", ["typ"] = "JWT" })
            + "."
            + Part(
                new JsonObject
                {
                    ["iss"] = Server.Url + "/auth",
                    ["sub"] = "dr-okafor",
                    ["aud"] = ClientId,
                    ["fhirUser"] = $"{Iss}/{Practitioner}",
                    ["iat"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                    ["exp"] = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds(),
                }
            )
            + ".";
    }

    private static JsonObject OperationOutcome(string code) =>
        new()
        {
            ["resourceType"] = "OperationOutcome",
            ["issue"] = new JsonArray(new JsonObject { ["severity"] = "error", ["code"] = code }),
        };

    private static ResponseMessage Json(int status, JsonNode body, string? cacheControl = null)
    {
        var headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new("application/fhir+json") };
        if (cacheControl is not null)
            headers["Cache-Control"] = new(cacheControl);
        return new()
        {
            StatusCode = status,
            Headers = headers,
            BodyData = new BodyData
            {
                BodyAsString = body.ToJsonString(),
                DetectedBodyType = BodyType.String,
                Encoding = Encoding.UTF8,
            },
        };
    }

    /// <summary>
    /// The same JSON object with a <c>padding</c> member of <paramref name="bytes"/> characters: valid, just large.
    /// </summary>
    private static IResponseMessage Padded(IResponseMessage response, int bytes)
    {
        if (bytes <= 0 || response.BodyData?.BodyAsString is not { } body || !body.EndsWith('}'))
            return response;
        response.BodyData.BodyAsString = body[..^1] + ",\"padding\":\"" + new string('x', bytes) + "\"}";
        return response;
    }

    internal static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(System.AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CryoCdsHooks.sln")))
            directory = directory.Parent;
        return directory?.FullName
            ?? throw new InvalidOperationException("CryoCdsHooks.sln not found above the test binaries.");
    }

    public void Dispose() => Server.Stop();
}
