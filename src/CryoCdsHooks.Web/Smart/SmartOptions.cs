using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace CryoCdsHooks.Web.Smart;

/// <summary>Settings of the SMART app launched from coverage cards (section <c>Smart</c>).</summary>
public sealed class SmartOptions
{
    public const string Section = "Smart";

    /// <summary>Our client id at the EHR's authorization server.</summary>
    [Required, MinLength(1)]
    public string ClientId { get; set; } = "cryo-cds-smart";

    /// <summary>
    /// Client secret of a confidential client (sent as HTTP Basic, <c>client_secret_basic</c>). Empty (and no
    /// <see cref="PrivateKeyPath"/>): public client (client_id in the token request body, PKCE only).
    /// </summary>
    public string? ClientSecret { get; set; }

    /// <summary>
    /// PEM file with the app's private key (RSA ≥ 2048 bits → RS384, EC P-384 → ES384): the app authenticates
    /// with <c>private_key_jwt</c> (SMART asymmetric confidential client) and serves the public key at
    /// <c>/smart/.well-known/jwks.json</c>.
    /// </summary>
    public string? PrivateKeyPath { get; set; }

    /// <summary>The <c>kid</c> of that key in the JWKS and assertion header. Empty: its RFC 7638 thumbprint.</summary>
    public string? KeyId { get; set; }

    /// <summary>
    /// Origins of the EHR pages that may frame the app (<c>Content-Security-Policy: frame-ancestors</c>), e.g.
    /// <c>https://ehr.example.org</c>. Empty: no page may frame the app.
    /// </summary>
    public string[] FrameAncestors { get; set; } = [];

    /// <summary>Scopes requested at authorize (SMART App Launch 2 style by default).</summary>
    [Required, MinLength(1)]
    public string Scopes { get; set; } =
        "launch openid fhirUser patient/Patient.rs patient/Encounter.rs patient/Coverage.rs patient/Condition.rs " +
        "patient/Observation.rs patient/Procedure.rs patient/ServiceRequest.rs patient/Observation.c";

    /// <summary>
    /// Absolute redirect URI registered with the authorization server (<c>https://…/smart/callback</c>). Required
    /// (Development's loopback value is in appsettings.Development.json); never derived from the request's Host header. Its scheme also chooses the cookies:
    /// https gives <c>SameSite=None; Secure; Partitioned</c> (the app works inside the EHR's frame), http (loopback,
    /// Development) gives <c>SameSite=Lax</c> (top-level window only).
    /// </summary>
    public string? RedirectUri { get; set; }

    /// <summary>True when the app's public URL is https, so its cookies may be cross-site (framed).</summary>
    public bool CrossSiteCookies => RedirectUri?.StartsWith("https://", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>How long a started launch may take to come back to the callback.</summary>
    public TimeSpan LoginTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long a SMART session lasts. The access token may expire sooner: it is refreshed when the authorization
    /// server granted a refresh token, otherwise the page says so and offers to launch again.
    /// </summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Timeout of each call to the authorization server and FHIR server made by the app.</summary>
    public TimeSpan HttpTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

internal sealed class SmartOptionsValidator : IValidateOptions<SmartOptions>
{
    public ValidateOptionsResult Validate(string? name, SmartOptions options)
    {
        var errors = new List<string>();
        // Development gets its loopback value from appsettings.Development.json; elsewhere it must be set.
        if (string.IsNullOrEmpty(options.RedirectUri))
            errors.Add("Smart:RedirectUri is required (the app's public https URL + /smart/callback); it is never taken from the Host header.");
        if (!string.IsNullOrEmpty(options.ClientSecret) && !string.IsNullOrEmpty(options.PrivateKeyPath))
            errors.Add("Smart:ClientSecret and Smart:PrivateKeyPath are two client authentications: set one.");
        foreach (var (origin, i) in options.FrameAncestors.Select((o, i) => (o, i)))
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.GetLeftPart(UriPartial.Authority) != origin.TrimEnd('/')
                || (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
                errors.Add($"Smart:FrameAncestors:{i} '{origin}' must be an origin (https://host[:port], http only on loopback).");
        }
        if (options.LoginTimeout <= TimeSpan.Zero || options.LoginTimeout > TimeSpan.FromHours(1))
            errors.Add("Smart:LoginTimeout must be between 0 and 1 hour.");
        if (options.SessionLifetime <= TimeSpan.Zero || options.SessionLifetime > TimeSpan.FromHours(12))
            errors.Add("Smart:SessionLifetime must be between 0 and 12 hours.");
        if (options.HttpTimeout <= TimeSpan.Zero || options.HttpTimeout > TimeSpan.FromMinutes(2))
            errors.Add("Smart:HttpTimeout must be between 0 and 2 minutes.");
        if (!options.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("launch", StringComparer.Ordinal))
            errors.Add("Smart:Scopes must include 'launch' (EHR launch).");
        if (!string.IsNullOrEmpty(options.RedirectUri)
            && (!Uri.TryCreate(options.RedirectUri, UriKind.Absolute, out var redirect)
                || (redirect.Scheme != Uri.UriSchemeHttps && !redirect.IsLoopback) || redirect.Fragment.Length > 0))
            errors.Add("Smart:RedirectUri must be an absolute https URL without fragment (http only on loopback).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
