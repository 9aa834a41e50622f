using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CryoCdsHooks.Web.Persistence;

/// <summary>
/// Deletes what is past retention, and the spent entries of the replay cache and rate windows. Runs on every
/// replica; the deletes are idempotent, so replicas purging at once only repeat each other's work.
/// </summary>
public sealed partial class AuditRetention(
    IServiceScopeFactory scopes,
    IOptions<RetentionOptions> options,
    TimeProvider time,
    ILogger<AuditRetention> logger
) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The first pass waits one interval: at start-up the database may not be migrated yet.
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await PurgeAsync(stoppingToken);
            }
            catch (Exception e)
                when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
            {
                PurgeFailed(logger, e.GetType().Name);
            }
        }
    }

    /// <summary>One purge pass; returns the number of rows deleted.</summary>
    public async Task<int> PurgeAsync(CancellationToken ct)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var answeredBefore = now - settings.AnsweredCalls;
        var refusedBefore = now - settings.RefusedCalls;
        var nowSeconds = now.ToUnixTimeSeconds();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuditDbContext>();

        var deleted = 0;
        deleted += await Oldest(
            db.HookInvocations.Where(i => i.StatusCode == StatusCodes.Status200OK && i.ReceivedAt < answeredBefore),
            settings.BatchSize,
            ct
        );
        deleted += await Oldest(
            db.HookInvocations.Where(i => i.StatusCode != StatusCodes.Status200OK && i.ReceivedAt < refusedBefore),
            settings.BatchSize,
            ct
        );
        deleted += await db
            .CoverageAssertions.Where(a => a.CreatedAt < answeredBefore)
            .Take(settings.BatchSize)
            .ExecuteDeleteAsync(ct);
        deleted += await db
            .IssuedCards.Where(c => c.IssuedAt < answeredBefore)
            .Take(settings.BatchSize)
            .ExecuteDeleteAsync(ct);
        deleted += await db
            .CardFeedback.Where(f => f.ReceivedAt < answeredBefore)
            .Take(settings.BatchSize)
            .ExecuteDeleteAsync(ct);
        deleted += await db.UsedTokens.Where(t => t.ExpiresAt < nowSeconds).ExecuteDeleteAsync(ct);
        // A window is spent once the next one has started; keep one spare for clock differences between replicas.
        deleted += await db.RateWindows.Where(w => w.WindowStart < nowSeconds - 120).ExecuteDeleteAsync(ct);
        if (deleted > 0)
            Purged(logger, deleted);
        return deleted;
    }

    private static Task<int> Oldest(IQueryable<HookInvocation> calls, int batch, CancellationToken ct) =>
        calls.OrderBy(i => i.Id).Take(batch).ExecuteDeleteAsync(ct);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention purge deleted {Rows} rows")]
    private static partial void Purged(ILogger logger, int rows);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Retention purge failed ({ExceptionType}); it runs again at the next interval"
    )]
    private static partial void PurgeFailed(ILogger logger, string exceptionType);
}
