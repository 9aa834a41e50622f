using System.ComponentModel.DataAnnotations;

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

    /// <summary>
    /// Scopes requested at authorize (SMART App Launch 2 style by default): read the record, read back and create the
    /// documentation's QuestionnaireResponse (as the user, its author).
    /// </summary>
    [Required, MinLength(1)]
    public string Scopes { get; set; } =
        "launch openid fhirUser patient/Patient.rs patient/Encounter.rs patient/Coverage.rs patient/Condition.rs "
        + "patient/Observation.rs patient/Procedure.rs patient/ServiceRequest.rs patient/QuestionnaireResponse.rs "
        + "user/QuestionnaireResponse.c";

    /// <summary>
    /// Absolute redirect URI registered with the authorization server (<c>https://…/smart/callback</c>). Required
    /// (Development's loopback value is in appsettings.Development.json); never derived from the request's Host header.
    /// Its scheme also chooses the cookies:
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

    /// <summary>
    /// Deadline of each call to the authorization server and FHIR server made by the app, body included: a server
    /// that answers slowly or drips its body fails the call (502 page) once it passes.
    /// </summary>
    public TimeSpan HttpTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Largest answer read from the authorization side: <c>.well-known/smart-configuration</c> and the token
    /// endpoint. A larger one (declared or streamed) is refused unread beyond this size, as a failed upstream.
    /// </summary>
    [Range(4 * 1024, 1024 * 1024)]
    public int MaxAuthorizationResponseBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// Largest answer read from the EHR's FHIR server by the app's own calls (the order, attestation writes).
    /// </summary>
    [Range(16 * 1024, 16 * 1024 * 1024)]
    public int MaxFhirResponseBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Launches accepted per source address per minute (<c>/smart/launch</c>), counted by each replica.
    /// </summary>
    [Range(1, 100_000)]
    public int LaunchesPerMinutePerSource { get; set; } = 30;

    /// <summary>
    /// Launches accepted per FHIR server (<c>iss</c>) per minute, counted by each replica: bounds the state rows and
    /// the outbound calls one EHR can cause.
    /// </summary>
    [Range(1, 100_000)]
    public int LaunchesPerMinutePerIss { get; set; } = 300;

    /// <summary>
    /// Longest time a server's smart-configuration is reused. Its own <c>Cache-Control</c> decides below this:
    /// <c>max-age</c> shortens it, <c>no-store</c> / <c>no-cache</c> / <c>max-age=0</c> mean it is read every launch.
    /// Without caching headers it is kept this long.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan DiscoveryCacheLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Most FHIR servers whose smart-configuration is kept at once; beyond it, new ones are read but not kept until
    /// entries expire.
    /// </summary>
    [Range(1, 10_000)]
    public int DiscoveryCacheMaxEntries { get; set; } = 100;
}
