using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace CryoCdsHooks.Web.Smart;

/// <summary>
/// The budgets of <c>/smart/launch</c>, a route anyone can call without logging in: fixed one-minute windows, one
/// partition per source address (checked first, before anything else is done) and one per allowed FHIR server
/// (checked once <c>iss</c> passed the allowlist, so only allowed servers get a partition). Counted in memory by
/// each replica.
/// </summary>
internal sealed class SmartLaunchLimits(IOptions<SmartOptions> options) : IDisposable
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly PartitionedRateLimiter<string> _bySource = FixedWindows(options.Value.LaunchesPerMinutePerSource);
    private readonly PartitionedRateLimiter<string> _byIss = FixedWindows(options.Value.LaunchesPerMinutePerIss);

    /// <summary>Null when this source may launch now; otherwise how long until it may.</summary>
    public TimeSpan? SourceRefusal(HttpContext context) =>
        Refusal(_bySource, context.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    /// <summary>
    /// Null when a launch for this (allowed) FHIR server may go on now; otherwise how long until it may.
    /// </summary>
    public TimeSpan? IssRefusal(Uri issBase) => Refusal(_byIss, issBase.AbsoluteUri);

    private static TimeSpan? Refusal(PartitionedRateLimiter<string> limiter, string partition)
    {
        using var lease = limiter.AttemptAcquire(partition);
        if (lease.IsAcquired)
            return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : Window;
    }

    private static PartitionedRateLimiter<string> FixedWindows(int permits) =>
        PartitionedRateLimiter.Create<string, string>(partition =>
            RateLimitPartition.GetFixedWindowLimiter(partition, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = permits,
                Window = Window,
                QueueLimit = 0,
            })
        );

    public void Dispose()
    {
        _bySource.Dispose();
        _byIss.Dispose();
    }
}
