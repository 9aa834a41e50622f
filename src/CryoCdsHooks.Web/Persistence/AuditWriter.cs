using System.Threading.Channels;

namespace CryoCdsHooks.Web.Persistence;

/// <summary>
/// Group commit for the hook audit trail: one writer stores the rows of concurrent hook calls, many calls per
/// transaction. Each caller still waits until its rows are committed, so nothing is acknowledged before it is
/// durable; and SQLite never sees two writers at once (its busy handler sleeps for long stretches on a conflict,
/// which serialised concurrent hooks behind each other).
/// </summary>
public sealed partial class AuditWriter(IServiceScopeFactory scopes, ILogger<AuditWriter> logger) : BackgroundService
{
    private const int MaxCallsPerTransaction = 64;

    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(
        new UnboundedChannelOptions { SingleReader = true }
    );

    private sealed record PendingWrite(IReadOnlyList<object> Entities, TaskCompletionSource Committed);

    /// <summary>Completes once the entities are committed; faults if they could not be stored.</summary>
    public Task WriteAsync(IReadOnlyList<object> entities)
    {
        var pending = new PendingWrite(
            entities,
            new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)
        );
        if (!_queue.Writer.TryWrite(pending))
            throw new InvalidOperationException("The audit writer has stopped.");
        return pending.Committed.Task;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Let the loop drain what is queued: every waiting caller gets its record stored before shutdown.
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<PendingWrite>(MaxCallsPerTransaction);
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < MaxCallsPerTransaction && _queue.Reader.TryRead(out var pending))
                batch.Add(pending);
            await CommitAsync(batch);
            batch.Clear();
        }
    }

    private async Task CommitAsync(List<PendingWrite> batch)
    {
        try
        {
            await SaveAsync(batch.SelectMany(p => p.Entities));
            foreach (var pending in batch)
                pending.Committed.TrySetResult();
        }
        catch (Exception) when (batch.Count > 1)
        {
            // One bad record must not fail the calls it happened to share a transaction with.
            foreach (var pending in batch)
                await CommitAloneAsync(pending);
        }
        catch (Exception e)
        {
            WriteFailed(logger, e.GetType().Name);
            batch[0].Committed.TrySetException(e);
        }
    }

    private async Task CommitAloneAsync(PendingWrite pending)
    {
        try
        {
            await SaveAsync(pending.Entities);
            pending.Committed.TrySetResult();
        }
        catch (Exception e)
        {
            WriteFailed(logger, e.GetType().Name);
            pending.Committed.TrySetException(e);
        }
    }

    private async Task SaveAsync(IEnumerable<object> entities)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuditDbContext>();
        db.AddRange(entities);
        await db.SaveChangesAsync(CancellationToken.None);
    }

    // The exception type only: messages of database errors can quote the values being written.
    [LoggerMessage(Level = LogLevel.Error, Message = "Audit write failed ({ExceptionType})")]
    private static partial void WriteFailed(ILogger logger, string exceptionType);
}
