using Microsoft.Extensions.Time.Testing;
using static CryoCdsHooks.FhirAccess.Tests.LoaderHarness;

namespace CryoCdsHooks.FhirAccess.Tests;

/// <summary>
/// One budget per hook call, on the host's clock, that tells a passed deadline from a caller gone away.
/// </summary>
public sealed class HookDeadlineTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(4);
    private readonly FakeTimeProvider time = new(DateTimeOffset.UtcNow);

    [Fact]
    public void The_deadline_passes_when_its_budget_is_spent_on_its_clock()
    {
        using var deadline = new HookDeadline(Budget, time, CancellationToken.None);

        time.Advance(Budget - TimeSpan.FromMilliseconds(1));
        var before = (deadline.Token.IsCancellationRequested, deadline.HasPassed);
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal((false, false), before);
        Assert.Equal((true, true), (deadline.Token.IsCancellationRequested, deadline.HasPassed));
    }

    [Fact]
    public void A_caller_gone_away_stops_the_work_but_is_no_passed_deadline()
    {
        using var caller = new CancellationTokenSource();
        using var deadline = new HookDeadline(Budget, time, caller.Token);

        caller.Cancel();
        time.Advance(Budget);

        Assert.True(deadline.Token.IsCancellationRequested);
        Assert.False(deadline.HasPassed);
    }

    [Fact]
    public async Task Prefetch_is_not_parsed_once_the_deadline_has_passed()
    {
        using var harness = new LoaderHarness();
        using var deadline = new HookDeadline(Budget, time, CancellationToken.None);
        time.Advance(Budget);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            harness.LoadAsync(HookRequest(server: null, FullPrefetch()), deadline)
        );
    }

    [Fact]
    public async Task Prefetch_within_the_deadline_is_parsed()
    {
        using var harness = new LoaderHarness();
        using var deadline = new HookDeadline(Budget, time, CancellationToken.None);
        time.Advance(Budget - TimeSpan.FromMilliseconds(1));

        var result = await harness.LoadAsync(HookRequest(server: null, FullPrefetch()), deadline);

        Assert.Equal(PatientId, result.Record.Patient?.Id);
    }
}
