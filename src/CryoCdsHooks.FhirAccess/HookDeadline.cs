namespace CryoCdsHooks.FhirAccess;

/// <summary>
/// The one time budget of one hook call (<see cref="FhirAccessOptions.HookDeadline"/>), started when the request
/// arrives: reading the request, fetching and parsing the record and evaluating it all spend it, so no stage has a
/// clock of its own. <see cref="Token"/> fires when the budget is spent or the caller goes away;
/// <see cref="HasPassed"/>
/// tells the two apart (a caller that left gets nothing, a late answer gets a degraded one).
/// </summary>
public sealed class HookDeadline : IDisposable
{
    private readonly CancellationTokenSource _budget;
    private readonly CancellationTokenSource _work;

    /// <param name="budget">The hook deadline (<see cref="FhirAccessOptions.HookDeadline"/>).</param>
    /// <param name="time">The clock the budget runs on (a fake one in tests).</param>
    /// <param name="callerToken">Fires when the caller goes away (the request-aborted token).</param>
    public HookDeadline(TimeSpan budget, TimeProvider time, CancellationToken callerToken)
    {
        Budget = budget;
        CallerToken = callerToken;
        _budget = new CancellationTokenSource(budget, time);
        _work = CancellationTokenSource.CreateLinkedTokenSource(callerToken, _budget.Token);
    }

    /// <summary>For work no hook is waiting on (warm-up, tools, benchmarks): stops only with the caller.</summary>
    public static HookDeadline Unbounded(CancellationToken callerToken = default) =>
        new(Timeout.InfiniteTimeSpan, TimeProvider.System, callerToken);

    public TimeSpan Budget { get; }

    /// <summary>
    /// Fires when the deadline passes or the caller goes away: what every stage of the call stops on.
    /// </summary>
    public CancellationToken Token => _work.Token;

    /// <summary>
    /// The caller's own token, to tell its cancellation (nothing to answer) from the deadline (answer late).
    /// </summary>
    public CancellationToken CallerToken { get; }

    /// <summary>The budget is spent and the caller is still waiting for an answer.</summary>
    public bool HasPassed => _budget.IsCancellationRequested && !CallerToken.IsCancellationRequested;

    public void Dispose()
    {
        _work.Dispose();
        _budget.Dispose();
    }
}
