using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CryoCdsHooks.FhirAccess;
using Duende.IdentityModel;
using Duende.IdentityModel.Client;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace CryoCdsHooks.Web.Smart;

/// <summary>
/// The OAuth 2.0 side of the EHR launch, with Duende.IdentityModel for the authorize URL and the token request,
/// and the BCL for PKCE (random verifier, SHA-256, base64url).
/// </summary>
internal sealed class SmartAuthorizationClient(
    IHttpClientFactory httpClientFactory,
    SmartServerPolicy serverPolicy,
    SmartClientKey clientKey,
    SmartConfigurationCache configurations,
    IOptionsMonitor<SmartOptions> options,
    ILogger<SmartAuthorizationClient> logger
)
{
    /// <summary>
    /// The client for smart-configuration and the token endpoint (capped at
    /// <see cref="SmartOptions.MaxAuthorizationResponseBytes"/>).
    /// </summary>
    public const string HttpClientName = "CryoCdsHooks.Smart.Authorization";

    /// <summary>
    /// The smart-configuration of <paramref name="iss"/> (cached as its server allows), read within
    /// <see cref="SmartOptions.HttpTimeout"/> and <see cref="SmartOptions.MaxAuthorizationResponseBytes"/>; anything
    /// else is a <see cref="SmartFlowException"/> (502).
    /// </summary>
    public Task<SmartConfiguration> DiscoverAsync(Uri iss, CancellationToken cancellationToken)
    {
        var server = FhirServerAllowlist.AsBase(iss);
        return configurations.GetAsync(
            server.AbsoluteUri,
            () => ReadConfigurationAsync(server, iss.Authority),
            cancellationToken
        );
    }

    private async Task<DiscoveredConfiguration> ReadConfigurationAsync(Uri server, string authority)
    {
        JsonElement document;
        HttpResponseMessage response;
        try
        {
            using var request = new HttpRequestMessage(
                HttpMethod.Get,
                new Uri(server, ".well-known/smart-configuration")
            );
            request.Headers.Accept.ParseAdd("application/json");
            // Buffered by the client up to its cap (SmartAppExtensions): a larger body fails here, unread beyond it.
            response = await httpClientFactory.CreateClient(HttpClientName).SendAsync(request, CancellationToken.None);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            SmartLog.DiscoveryFailed(logger, authority, null);
            throw new SmartFlowException(UnreadableAnswer("SMART configuration"), StatusCodes.Status502BadGateway);
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                SmartLog.DiscoveryFailed(logger, authority, (int)response.StatusCode);
                throw new SmartFlowException(
                    $"The EHR's SMART configuration could not be read (HTTP {(int)response.StatusCode}).",
                    StatusCodes.Status502BadGateway
                );
            }
            try
            {
                document = await response.Content.ReadFromJsonAsync<JsonElement>();
            }
            catch (JsonException)
            {
                SmartLog.DiscoveryFailed(logger, authority, (int)response.StatusCode);
                throw new SmartFlowException(
                    "The EHR's SMART configuration is not JSON.",
                    StatusCodes.Status502BadGateway
                );
            }

            var authorize = Endpoint(document, "authorization_endpoint");
            var token = Endpoint(document, "token_endpoint");
            if (
                document.TryGetProperty("code_challenge_methods_supported", out var methods)
                && methods.ValueKind == JsonValueKind.Array
                && !methods.EnumerateArray().Any(m => m.ValueKind == JsonValueKind.String && m.GetString() == "S256")
            )
            {
                throw new SmartFlowException(
                    "The EHR's authorization server does not support PKCE S256.",
                    StatusCodes.Status502BadGateway
                );
            }
            var expiresIn =
                response.Content.Headers.Expires is { } expires && response.Headers.Date is { } date
                    ? expires - date
                    : (TimeSpan?)null;
            return new DiscoveredConfiguration(
                new SmartConfiguration(authorize, token),
                response.Headers.CacheControl,
                expiresIn
            );
        }
    }

    /// <summary>
    /// What the page says when an answer could not be read: unreachable, past the deadline or over the size cap.
    /// </summary>
    internal static string UnreadableAnswer(string what) =>
        $"The EHR's {what} could not be read: the server did not answer in time, could not be reached, or sent more "
        + "than this service accepts.";

    /// <summary>A new PKCE pair: a 256-bit random verifier and its S256 challenge (RFC 7636).</summary>
    public static (string Verifier, string Challenge) CreatePkce()
    {
        var verifier = CryptoRandom.CreateUniqueId(32, CryptoRandom.OutputFormat.Base64Url);
        return (verifier, S256(verifier));
    }

    public static string S256(string verifier) =>
        Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    public string AuthorizeUrl(
        SmartConfiguration configuration,
        PendingLogin login,
        string launch,
        string codeChallenge
    )
    {
        var current = options.CurrentValue;
        return new RequestUrl(configuration.AuthorizationEndpoint.AbsoluteUri).CreateAuthorizeUrl(
            clientId: current.ClientId,
            responseType: OidcConstants.ResponseTypes.Code,
            scope: current.Scopes,
            redirectUri: login.RedirectUri,
            state: login.State,
            codeChallenge: codeChallenge,
            codeChallengeMethod: OidcConstants.CodeChallengeMethods.Sha256,
            extra: new Parameters
            {
                { "launch", launch },
                // SMART: aud is the FHIR base the token is meant for; the server must reject an unknown one.
                { "aud", login.Iss.OriginalString },
            }
        );
    }

    public async Task<SmartTokenResult> ExchangeCodeAsync(
        PendingLogin login,
        string code,
        CancellationToken cancellationToken
    )
    {
        var request = Authenticate(
            new AuthorizationCodeTokenRequest
            {
                Code = code,
                RedirectUri = login.RedirectUri,
                CodeVerifier = login.CodeVerifier,
            },
            login.TokenEndpoint
        );
        using var response = await TokenCallAsync(
            client => client.RequestAuthorizationCodeTokenAsync(request, cancellationToken),
            login.TokenEndpoint,
            cancellationToken
        );
        var json = Checked(response, login.TokenEndpoint);

        var appContext = ReadAppContext(json);
        var fhirContextOrder = FhirContextReference(json, "ServiceRequest");
        return new SmartTokenResult(
            response.AccessToken!,
            response.ExpiresIn,
            response.RefreshToken is { Length: > 0 } refresh ? refresh : null,
            String(json, "patient"),
            String(json, "encounter"),
            appContext.Order ?? fhirContextOrder,
            appContext.CoverageAssertionId,
            appContext.Missing,
            FhirUserFromIdToken(response.IdentityToken, options.CurrentValue.ClientId),
            json.TryGetProperty("need_patient_banner", out var banner) ? banner.ValueKind != JsonValueKind.False : true
        );
    }

    /// <summary>
    /// New access token from the session's refresh token (SMART "refresh_token" grant). The server may rotate the
    /// refresh token; without a new one the old one is kept. Throws <see cref="SmartFlowException"/> when refused.
    /// </summary>
    public async Task<(string AccessToken, int ExpiresIn, string? RefreshToken)> RefreshAsync(
        SmartSession session,
        CancellationToken cancellationToken
    )
    {
        var request = Authenticate(
            new RefreshTokenRequest { RefreshToken = session.RefreshToken! },
            session.TokenEndpoint
        );
        using var response = await TokenCallAsync(
            client => client.RequestRefreshTokenAsync(request, cancellationToken),
            session.TokenEndpoint,
            cancellationToken
        );
        Checked(response, session.TokenEndpoint);
        SmartLog.TokenRefreshed(logger, session.TokenEndpoint.Authority, response.ExpiresIn);
        return (
            response.AccessToken!,
            response.ExpiresIn,
            response.RefreshToken is { Length: > 0 } rotated ? rotated : session.RefreshToken
        );
    }

    /// <summary>
    /// Client authentication at the token endpoint: <c>private_key_jwt</c> when a private key is configured,
    /// <c>client_secret_basic</c> when a secret is, otherwise a public client (client_id in the body).
    /// </summary>
    private T Authenticate<T>(T request, Uri tokenEndpoint)
        where T : TokenRequest
    {
        var current = options.CurrentValue;
        request.Address = tokenEndpoint.AbsoluteUri;
        request.ClientId = current.ClientId;
        if (clientKey.IsConfigured)
        {
            request.ClientAssertion = new ClientAssertion
            {
                Type = OidcConstants.ClientAssertionTypes.JwtBearer,
                Value = clientKey.CreateAssertion(current.ClientId, tokenEndpoint),
            };
            request.ClientCredentialStyle = ClientCredentialStyle.PostBody;
        }
        else if (!string.IsNullOrEmpty(current.ClientSecret))
        {
            request.ClientSecret = current.ClientSecret;
            request.ClientCredentialStyle = ClientCredentialStyle.AuthorizationHeader;
        }
        else
            request.ClientCredentialStyle = ClientCredentialStyle.PostBody;
        return request;
    }

    private JsonElement Checked(TokenResponse response, Uri tokenEndpoint)
    {
        if (response.IsError || string.IsNullOrEmpty(response.AccessToken) || response.Json is not { } json)
        {
            SmartLog.TokenRequestFailed(
                logger,
                tokenEndpoint.Authority,
                (int)response.HttpStatusCode,
                response.ErrorType.ToString(),
                response.Error
            );
            // Exception: the answer could not be read (unreachable, or over MaxAuthorizationResponseBytes).
            throw new SmartFlowException(
                response.ErrorType == ResponseErrorType.Exception
                    ? UnreadableAnswer("token endpoint's answer")
                    : "The EHR did not issue an access token.",
                StatusCodes.Status502BadGateway
            );
        }
        if (response.TokenType is { } type && !type.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            throw new SmartFlowException(
                "The EHR issued a token that is not a Bearer token.",
                StatusCodes.Status502BadGateway
            );
        }
        return json;
    }

    /// <summary>
    /// A token request on the capped client. IdentityModel turns a failed read (an answer over the cap included) into
    /// an error response, but lets the client's timeout through: that is a failed upstream too.
    /// </summary>
    private async Task<TokenResponse> TokenCallAsync(
        Func<HttpClient, Task<TokenResponse>> call,
        Uri tokenEndpoint,
        CancellationToken cancellationToken
    )
    {
        try
        {
            return await call(httpClientFactory.CreateClient(HttpClientName));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            SmartLog.TokenRequestFailed(logger, tokenEndpoint.Authority, 0, "Timeout", null);
            throw new SmartFlowException(UnreadableAnswer("token endpoint's answer"), StatusCodes.Status502BadGateway);
        }
    }

    private Uri Endpoint(JsonElement document, string name)
    {
        if (
            document.ValueKind == JsonValueKind.Object
            && document.TryGetProperty(name, out var value)
            && value.ValueKind == JsonValueKind.String
            && Uri.TryCreate(value.GetString(), UriKind.Absolute, out var uri)
            && serverPolicy.IsAcceptableEndpoint(uri)
        )
        {
            return uri;
        }
        throw new SmartFlowException(
            $"The EHR's SMART configuration has no usable {name} (an https URL is required).",
            StatusCodes.Status502BadGateway
        );
    }

    private static string? String(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.String
        && value.GetString() is { Length: > 0 } text
            ? text
            : null;

    private sealed record AppContext(string? Order, string? CoverageAssertionId, IReadOnlyList<string> Missing);

    /// <summary>
    /// appContext as our cards send it: a JSON string <c>{"order":…,"coverageAssertionId":…,"missing":[…]}</c>.
    /// An object is accepted as well; a plain string that is not JSON is taken as the order reference when it looks
    /// like one.
    /// </summary>
    private static AppContext ReadAppContext(JsonElement json)
    {
        if (!json.TryGetProperty("appContext", out var value))
            return new(null, null, []);
        JsonElement context;
        if (value.ValueKind == JsonValueKind.String)
        {
            var text = value.GetString() ?? "";
            try
            {
                using var document = JsonDocument.Parse(text);
                context = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                return new(text.StartsWith("ServiceRequest/", StringComparison.Ordinal) ? text : null, null, []);
            }
        }
        else
            context = value;

        if (context.ValueKind != JsonValueKind.Object)
            return new(null, null, []);
        var missing =
            context.TryGetProperty("missing", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray()
                    .Where(m => m.ValueKind == JsonValueKind.String)
                    .Select(m => m.GetString()!)
                    .ToList()
                : [];
        return new(String(context, "order"), String(context, "coverageAssertionId"), missing);
    }

    private static string? FhirContextReference(JsonElement json, string resourceType)
    {
        if (!json.TryGetProperty("fhirContext", out var items) || items.ValueKind != JsonValueKind.Array)
            return null;
        foreach (var item in items.EnumerateArray())
        {
            if (
                item.ValueKind == JsonValueKind.Object
                && String(item, "reference") is { } reference
                && reference.StartsWith(resourceType + "/", StringComparison.Ordinal)
            )
            {
                return reference;
            }
        }
        return null;
    }

    /// <summary>
    /// The <c>fhirUser</c> claim of the id_token, as a relative reference ("Practitioner/123"). The id_token came
    /// straight from the token endpoint over the TLS connection we opened (OIDC Core 3.1.3.7 allows TLS server
    /// validation instead of the signature here); it is only used to name the performer of attestations.
    /// </summary>
    private static string? FhirUserFromIdToken(string? idToken, string clientId)
    {
        if (string.IsNullOrEmpty(idToken))
            return null;
        try
        {
            var token = new JsonWebToken(idToken);
            if (!token.Audiences.Contains(clientId, StringComparer.Ordinal))
                return null;
            if (!token.TryGetPayloadValue<string>("fhirUser", out var fhirUser) || string.IsNullOrEmpty(fhirUser))
                return null;
            var parts = fhirUser.TrimEnd('/').Split('/');
            return
                parts.Length >= 2 && parts[^2] is "Practitioner" or "PractitionerRole" or "Patient" or "RelatedPerson"
                ? $"{parts[^2]}/{parts[^1]}"
                : null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
