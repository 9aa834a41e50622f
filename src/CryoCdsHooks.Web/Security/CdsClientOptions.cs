using System.ComponentModel.DataAnnotations;

namespace CryoCdsHooks.Web.Security;

/// <summary>Which CDS clients may call us and how their JWTs are checked (section <c>CdsClients</c>).</summary>
public sealed class CdsClientOptions
{
    public const string Section = "CdsClients";

    /// <summary>
    /// CDS Hooks §Trusting CDS Clients: every call must carry a client JWT. Turning it off is refused in
    /// Production unless <see cref="AllowUnauthenticatedInProduction"/> is also set.
    /// </summary>
    public bool RequireAuthentication { get; set; } = true;

    /// <summary>Explicit, deliberately awkward override for running without authentication in Production.</summary>
    public bool AllowUnauthenticatedInProduction { get; set; }

    public List<TrustedCdsClient> Clients { get; set; } = [];

    /// <summary>Tolerance for clock differences when checking <c>exp</c>, <c>nbf</c> and <c>iat</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Longest token lifetime (exp − iat) accepted. CDS Hooks tokens are made per call; a short lifetime limits
    /// what a captured token is worth and how long its jti must be remembered (the replay cache's size).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan MaxTokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a JWK Set fetched from a URL is used before it is fetched again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan JwksCacheDuration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Least time between two fetches of one JWK Set when a token names an unknown <c>kid</c> (key rotation).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan JwksMinimumRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Deadline of one JWK Set fetch, body included.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:30")]
    public TimeSpan JwksFetchTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Largest JWK Set read from a URL. A larger one, declared or streamed, is refused unread
    /// beyond this size: the fetch fails and the last good keys, if any, stay in use.
    /// </summary>
    [Range(1024, 1024 * 1024)]
    public int MaxJwksBytes { get; set; } = 256 * 1024;
}
