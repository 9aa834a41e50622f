using System.Security.Claims;
using System.Text.Encodings.Web;
using CryoCdsHooks.Web.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace CryoCdsHooks.Web.Security;

/// <summary>
/// Authenticates a CDS client from its <c>Authorization: Bearer &lt;JWT&gt;</c> header. The JWT's audience is the
/// configured public base URL plus the endpoint's path: never the Host or forwarded headers, which a caller controls.
/// With authentication turned off, no token is looked at and every caller is anonymous.
/// </summary>
internal sealed class CdsClientAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggers,
    UrlEncoder encoder,
    CdsClientTokenValidator validator,
    IOptionsMonitor<CdsClientOptions> clients,
    IOptions<CdsServiceOptions> service
) : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggers, encoder)
{
    public const string SchemeName = "CdsClientJwt";
    private const string MissingToken =
        "CDS clients must send 'Authorization: Bearer <JWT>' (CDS Hooks §Trusting CDS Clients).";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!clients.CurrentValue.RequireAuthentication || !RequiresCdsClient(Context.GetEndpoint()))
            return AuthenticateResult.NoResult();

        var header = Request.Headers.Authorization.ToString();
        if (header.Length == 0)
            return AuthenticateResult.Fail(MissingToken);
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.Fail(MissingToken);

        var audience = service.Value.PublicBaseUrl + Request.Path.ToUriComponent();
        var validation = await validator.ValidateAsync(
            header["Bearer ".Length..].Trim(),
            audience,
            Context.RequestAborted
        );
        if (validation.Issuer is null)
            return AuthenticateResult.Fail(validation.Failure!);

        var identity = new ClaimsIdentity(
            [new Claim(CdsClientPrincipal.IssuerClaim, validation.Issuer)],
            SchemeName,
            CdsClientPrincipal.IssuerClaim,
            null
        );
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    /// <summary>
    /// Only endpoints behind the CDS client policy read the header. The others (the SMART app's browser routes with
    /// their own login, health, OpenAPI) are not CDS client logins: a failure logged for each of their requests
    /// would bury the real ones.
    /// </summary>
    private static bool RequiresCdsClient(Endpoint? endpoint) =>
        endpoint?.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == CdsClientSecurityExtensions.Policy)
        == true;

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.Headers.WWWAuthenticate =
            Request.Headers.Authorization.Count > 0 ? "Bearer error=\"invalid_token\"" : "Bearer";
        await OperationOutcomes
            .Error(
                Context,
                StatusCodes.Status401Unauthorized,
                "Authentication required",
                "login",
                result.Failure?.Message ?? MissingToken
            )
            .ExecuteAsync(Context);
    }
}
