using System.Globalization;
using CryoCdsHooks.FhirAccess;
using Microsoft.Extensions.Options;

namespace CryoCdsHooks.Web.Smart;

/// <summary>
/// SMART App Launch 2 EHR launch: <c>/smart/launch</c> → authorization server → <c>/smart/callback</c>.
/// </summary>
internal static class SmartLaunchEndpoints
{
    /// <summary>
    /// EHR launch: within the source's budget, checks <c>iss</c> against the FHIR server allowlist (before any
    /// outbound call) and the server's budget, reads its smart-configuration (cached), and only then keeps state +
    /// PKCE verifier server side and redirects to the authorization endpoint. A refused launch stores nothing.
    /// </summary>
    public static async Task<IResult> LaunchAsync(
        HttpContext context,
        SmartServerPolicy serverPolicy,
        SmartLaunchLimits limits,
        SmartAuthorizationClient authorization,
        SmartSessionStore store,
        IOptionsMonitor<SmartOptions> options,
        ILogger<SmartAuthorizationClient> logger,
        CancellationToken cancellationToken
    )
    {
        if (limits.SourceRefusal(context) is { } sourceWait)
            return TooManyLaunches(context, sourceWait, "this address", logger);
        var query = context.Request.Query;
        string? issText = query["iss"],
            launch = query["launch"];
        if (
            string.IsNullOrWhiteSpace(issText)
            || string.IsNullOrWhiteSpace(launch)
            || query["iss"].Count > 1
            || query["launch"].Count > 1
        )
        {
            SmartLog.LaunchRejected(logger, "iss or launch missing");
            return SmartAppPage.Problem(
                StatusCodes.Status400BadRequest,
                "Launch from the EHR",
                "This app is launched by the EHR from a coverage card: the launch URL needs exactly one iss and one "
                    + "launch parameter."
            );
        }
        if (!Uri.TryCreate(issText, UriKind.Absolute, out var iss) || !serverPolicy.IsAllowedFhirServer(iss))
        {
            SmartLog.LaunchRejected(logger, "iss not on the FHIR server allowlist");
            return SmartAppPage.Problem(
                StatusCodes.Status400BadRequest,
                "FHIR server not allowed",
                "The EHR's FHIR server (iss) is not on this service's allowlist, so the app will not connect to it."
            );
        }
        if (limits.IssRefusal(FhirServerAllowlist.AsBase(iss)) is { } issWait)
            return TooManyLaunches(context, issWait, "this EHR", logger);

        SmartConfiguration configuration;
        try
        {
            configuration = await authorization.DiscoverAsync(iss, cancellationToken);
        }
        catch (SmartFlowException ex)
        {
            SmartLog.LaunchRejected(logger, ex.Message);
            return SmartAppPage.Problem(ex.StatusCode, "Cannot reach the EHR", ex.Message);
        }

        // From configuration only (validated at start): a Host header must not choose where the code is sent.
        var redirectUri = options.CurrentValue.RedirectUri!;
        var (verifier, challenge) = SmartAuthorizationClient.CreatePkce();
        var login = await store.BeginLoginAsync(
            iss,
            launch,
            verifier,
            redirectUri,
            configuration.TokenEndpoint,
            cancellationToken
        );

        // Binds the state to this browser: the callback must come back with the same cookie (login CSRF).
        context.Response.Cookies.Append(
            SmartSessionStore.LoginCookie,
            login.State,
            SmartCookies.Options(context, options.CurrentValue.LoginTimeout)
        );
        SmartLog.LaunchRedirect(logger, iss.Authority, configuration.AuthorizationEndpoint.Authority);
        NoStore(context);
        return Results.Redirect(authorization.AuthorizeUrl(configuration, login, launch, challenge));
    }

    /// <summary>Validates state (single use, same browser), exchanges the code and starts the session.</summary>
    public static async Task<IResult> CallbackAsync(
        HttpContext context,
        SmartAuthorizationClient authorization,
        SmartSessionStore store,
        TimeProvider time,
        IOptionsMonitor<SmartOptions> options,
        ILogger<SmartAuthorizationClient> logger,
        CancellationToken cancellationToken
    )
    {
        NoStore(context);
        var query = context.Request.Query;
        string? state = query["state"],
            code = query["code"],
            error = query["error"];
        var login = string.IsNullOrEmpty(state) ? null : await store.TakeLoginAsync(state, cancellationToken);
        var browserState = context.Request.Cookies[SmartSessionStore.LoginCookie];
        context.Response.Cookies.Delete(SmartSessionStore.LoginCookie, SmartCookies.Deletion(context));
        if (login is null || browserState is null || !string.Equals(browserState, state, StringComparison.Ordinal))
        {
            SmartLog.CallbackRejected(
                logger,
                login is null ? "unknown, used or expired state" : "state does not match this browser"
            );
            return SmartAppPage.Problem(
                StatusCodes.Status400BadRequest,
                "Launch expired or invalid",
                "This sign-in response does not match a launch started in this browser, or it was already used or "
                    + "expired. Launch the app again from the card."
            );
        }
        if (!string.IsNullOrEmpty(error))
        {
            SmartLog.CallbackRejected(logger, "authorization server returned an error");
            return SmartAppPage.Problem(
                StatusCodes.Status400BadRequest,
                "Access not granted",
                $"The EHR's authorization server answered: {error}"
                    + (query["error_description"] is { Count: > 0 } d ? " — " + d : "")
                    + "."
            );
        }
        if (string.IsNullOrEmpty(code))
        {
            SmartLog.CallbackRejected(logger, "no code");
            return SmartAppPage.Problem(
                StatusCodes.Status400BadRequest,
                "Launch expired or invalid",
                "The sign-in response has no authorization code."
            );
        }

        SmartTokenResult token;
        try
        {
            token = await authorization.ExchangeCodeAsync(login, code, cancellationToken);
        }
        catch (SmartFlowException ex)
        {
            return SmartAppPage.Problem(ex.StatusCode, "Sign-in failed", ex.Message);
        }
        if (token.PatientId is null)
        {
            SmartLog.CallbackRejected(logger, "no patient in the launch context");
            return SmartAppPage.Problem(
                StatusCodes.Status502BadGateway,
                "No patient in context",
                "The EHR did not say which patient this launch is for (no patient in the token response)."
            );
        }

        var lifetime = options.CurrentValue.SessionLifetime;
        var now = time.GetUtcNow();
        var session = new SmartSession
        {
            Id = SmartSessionStore.NewOpaqueId(),
            Iss = login.Iss,
            Launch = login.Launch,
            TokenEndpoint = login.TokenEndpoint,
            AccessToken = token.AccessToken,
            AccessTokenExpiresAt = now + AccessTokenLifetime(token.ExpiresIn, lifetime),
            RefreshToken = token.RefreshToken,
            PatientId = token.PatientId,
            EncounterId = token.EncounterId,
            OrderReference = token.OrderReference,
            CoverageAssertionId = token.CoverageAssertionId,
            MissingFromCard = token.Missing,
            FhirUser = token.FhirUser,
            NeedPatientBanner = token.NeedPatientBanner,
            ExpiresAt = now + lifetime,
        };
        await store.SaveAsync(session, cancellationToken);
        context.Response.Cookies.Append(
            SmartSessionStore.SessionCookie,
            session.Id,
            SmartCookies.Options(context, lifetime)
        );
        SmartLog.SessionStarted(logger, login.Iss.Authority, token.ExpiresIn);
        return Results.Redirect($"{context.Request.PathBase}/smart/app");
    }

    private static IResult TooManyLaunches(HttpContext context, TimeSpan wait, string whose, ILogger logger)
    {
        SmartLog.LaunchRejected(logger, $"launch budget of {whose} spent");
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))
            .ToString(CultureInfo.InvariantCulture);
        return SmartAppPage.Problem(
            StatusCodes.Status429TooManyRequests,
            "Too many launches",
            $"Too many app launches from {whose} in the last minute. Wait a moment, then open the app again from "
                + "the card."
        );
    }

    /// <summary><c>expires_in</c> as a span; without one, the token is assumed to last the session.</summary>
    internal static TimeSpan AccessTokenLifetime(int expiresIn, TimeSpan sessionLifetime) =>
        expiresIn > 0 && TimeSpan.FromSeconds(expiresIn) < sessionLifetime
            ? TimeSpan.FromSeconds(expiresIn)
            : sessionLifetime;

    internal static void NoStore(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
    }
}
