namespace CryoCdsHooks.Web.Hooks;

/// <summary>
/// What a <see cref="HookKind"/> read from its context fields; members a hook does not have stay empty.
/// </summary>
public sealed record HookContextContent
{
    /// <summary>order-select, order-sign: every draft ServiceRequest, with the JSON it arrived as.</summary>
    public IReadOnlyList<DraftOrder> DraftOrders { get; init; } = [];

    /// <summary>order-select: the selected references; null when the hook has no selections.</summary>
    public IReadOnlyList<string>? Selections { get; init; }

    /// <summary>appointment-book: the booked Appointments; order-dispatch: the fulfilment Tasks.</summary>
    public IReadOnlyList<ContextResource> Resources { get; init; } = [];

    /// <summary>order-dispatch: the dispatched orders ("Type/id").</summary>
    public IReadOnlyList<string> References { get; init; } = [];

    /// <summary>order-dispatch: who the orders are dispatched to ("Type/id").</summary>
    public string? Performer { get; init; }
}
