using System.Collections.Concurrent;

namespace CryoCdsHooks.Web.Persistence;

/// <summary>
/// Hook calls being evaluated in this process, by client and hookInstance: a retry that arrives while the first
/// call runs waits for it instead of evaluating the same request again.
/// </summary>
public sealed class HookCallsInFlight
{
    private readonly ConcurrentDictionary<(string ClientId, string HookInstance), HookCallClaim> _running = new();

    /// <summary>Claims the call, or gives the claim of the identical or conflicting call already running.</summary>
    internal bool TryClaim(HookCall call, out HookCallClaim claim, out HookCallClaim running)
    {
        var key = (call.ClientId, call.HookInstance!);
        // Only the claim that is in the map removes itself from it.
        claim = new HookCallClaim(call.ServiceId, call.RequestHash, self => _running.TryRemove(new(key, self)));
        running = _running.GetOrAdd(key, claim);
        return ReferenceEquals(running, claim);
    }
}

/// <summary>A running call; disposing it (after its record is stored, or when it failed) releases the waiters.</summary>
public sealed class HookCallClaim : IDisposable
{
    private readonly TaskCompletionSource _settled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Action<HookCallClaim> _release;

    internal HookCallClaim(string serviceId, string? requestHash, Action<HookCallClaim> release)
    {
        ServiceId = serviceId;
        RequestHash = requestHash;
        _release = release;
    }

    public string ServiceId { get; }
    public string? RequestHash { get; }

    /// <summary>Completes when the call's record is stored or the call gave up.</summary>
    public Task Settled => _settled.Task;

    public void Dispose()
    {
        if (!_settled.TrySetResult()) return;
        _release(this);
    }
}
