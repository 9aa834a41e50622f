using System.Threading.RateLimiting;

namespace CryoCdsHooks.Web.Security;

/// <summary>A fixed window of one partition whose count lives in the shared database.</summary>
internal sealed class SharedFixedWindowLimiter(
    SharedSecurityState state,
    string partition,
    int permitLimit,
    TimeSpan window,
    TimeProvider time
) : RateLimiter
{
    public override TimeSpan? IdleDuration => null;

    public override RateLimiterStatistics? GetStatistics() => null;

    // The count is in the database: the middleware's synchronous attempt always defers to AcquireAsync.
    protected override RateLimitLease AttemptAcquireCore(int permitCount) => Lease.Deferred;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(
        int permitCount,
        CancellationToken cancellationToken
    )
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var seconds = (long)window.TotalSeconds;
        var windowStart = now - now % seconds;
        var count = await state.CountRequestAsync(partition, windowStart, cancellationToken);
        return count <= permitLimit
            ? Lease.Acquired
            : new Lease(false, TimeSpan.FromSeconds(windowStart + seconds - now));
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Acquired = new(true, null);
        public static readonly Lease Deferred = new(false, null);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}
