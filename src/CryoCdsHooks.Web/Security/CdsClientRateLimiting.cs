using System.Globalization;
using System.Threading.RateLimiting;
using CryoCdsHooks.Web.Hosting;
using CryoCdsHooks.Web.Persistence;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace CryoCdsHooks.Web.Security;

/// <summary>A fixed one-minute window per client; over the budget a caller gets 429 with Retry-After.</summary>
internal static class CdsClientRateLimiting
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public static void Configure(RateLimiterOptions limiter)
    {
        limiter.AddPolicy(CdsClientSecurityExtensions.Policy, http =>
        {
            var services = http.RequestServices;
            var permits = services.GetRequiredService<IOptions<CdsRateLimitOptions>>().Value.PermitsPerMinute;
            // Several replicas run on PostgreSQL: their shared budget is counted there.
            return
                services.GetRequiredService<IOptions<PersistenceOptions>>().Value.Provider
                == DatabaseProvider.PostgreSql
                ? RateLimitPartition.Get(PartitionOf(http), partition => new SharedFixedWindowLimiter(
                    services.GetRequiredService<SharedSecurityState>(),
                    partition,
                    permits,
                    Window,
                    services.GetRequiredService<TimeProvider>()
                ))
                : RateLimitPartition.GetFixedWindowLimiter(PartitionOf(http), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = permits,
                    Window = Window,
                    QueueLimit = 0,
                });
        });
        limiter.OnRejected = async (context, _) =>
        {
            var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : Window;
            var http = context.HttpContext;
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
                .ToString(CultureInfo.InvariantCulture);
            await OperationOutcomes
                .Error(
                    http,
                    StatusCodes.Status429TooManyRequests,
                    "Too many requests",
                    "throttled",
                    "This client exceeded its request budget; retry after the number of seconds in Retry-After."
                )
                .ExecuteAsync(http);
        };
    }

    // Prefixed so a client whose iss happens to look like an IP address cannot share an address's budget.
    private static string PartitionOf(HttpContext http) =>
        http.User.CdsClientId() is { } issuer ? $"iss:{issuer}" : $"ip:{http.Connection.RemoteIpAddress}";
}
