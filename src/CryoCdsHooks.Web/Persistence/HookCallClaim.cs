namespace CryoCdsHooks.Web.Persistence;

/// <summary>
/// A running call; disposing it (after its record is stored, or when it failed) releases the waiters.
/// </summary>
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
        if (!_settled.TrySetResult())
            return;
        _release(this);
    }
}
