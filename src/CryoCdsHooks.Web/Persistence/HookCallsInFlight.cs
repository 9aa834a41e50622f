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
