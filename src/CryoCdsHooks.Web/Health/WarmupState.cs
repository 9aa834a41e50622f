namespace CryoCdsHooks.Web.Health;

/// <summary>Set once a sample hook has been answered, so the first real hook is not slow.</summary>
public sealed class WarmupState
{
    private volatile bool _ready;
    public bool IsReady => _ready;

    public void MarkReady() => _ready = true;
}
