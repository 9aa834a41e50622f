using System.ComponentModel.DataAnnotations;

namespace CryoCdsHooks.Web.Security;

/// <summary>Per-client request budget of the CDS endpoints (section <c>RateLimiting</c>).</summary>
public sealed class CdsRateLimitOptions
{
    public const string Section = "RateLimiting";

    /// <summary>Requests per client (authenticated <c>iss</c>, else remote IP) per one-minute fixed window.</summary>
    [Range(1, 1_000_000)]
    public int PermitsPerMinute { get; set; } = 600;
}
