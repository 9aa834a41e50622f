namespace CryoCdsHooks.Web.Hooks;

/// <summary>The latest answer this client got for an order before this call (<see cref="EarlierAnswers"/>).</summary>
/// <param name="Hook">The hook that answered, e.g. "order-sign".</param>
public sealed record EarlierAnswer(string Hook, string Covered, string? PaNeeded, DateTimeOffset At);
