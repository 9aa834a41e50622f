namespace CryoCdsHooks.Web.Persistence;

/// <summary>What the audit store says about a hook call; the endpoint maps each to a response.</summary>
public abstract record HookCallState
{
    private HookCallState() { }

    /// <summary>Not answered yet and now claimed by this request: evaluate it and record the answer.</summary>
    public sealed record Unanswered(HookCallClaim? Claim) : HookCallState;

    /// <summary>Recorded: the answer may be sent.</summary>
    public sealed record Recorded : HookCallState;

    /// <summary>A retry of an answered call: the answer stored then.</summary>
    public sealed record AlreadyAnswered(string ResponseJson) : HookCallState;

    /// <summary>A retry while the first call is being evaluated in this process: wait for it, then ask again.</summary>
    public sealed record InProgress(Task Settled) : HookCallState;

    /// <summary>The hookInstance belongs to a different call of this client (other body or other service).</summary>
    public sealed record Conflicting : HookCallState;
}
