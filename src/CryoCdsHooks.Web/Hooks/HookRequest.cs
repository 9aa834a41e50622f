using System.Text.Json;

namespace CryoCdsHooks.Web.Hooks;

/// <summary>A validated CDS Hooks call of one <see cref="HookKind"/>.</summary>
public sealed record HookRequest
{
    public required HookKind Kind { get; init; }
    public required Guid HookInstance { get; init; }
    public Uri? FhirServer { get; init; }

    /// <summary>
    /// The transient FHIR access token; never logged, stored or sent anywhere but <see cref="FhirServer"/>.
    /// </summary>
    public string? AccessToken { get; init; }

    /// <summary>Who is acting; null only for order-dispatch, whose context has no userId.</summary>
    public string? UserId { get; init; }
    public required string PatientId { get; init; }
    public string? EncounterId { get; init; }

    /// <summary>What the hook's own context fields hold (draft orders, appointments, dispatched orders, ...).</summary>
    public required HookContextContent Content { get; init; }
    public IReadOnlyDictionary<string, JsonElement>? Prefetch { get; init; }
    public required CrdConfiguration Configuration { get; init; }

    /// <summary>
    /// Deviations read past in the request itself (empty members, repeated orders), for the audit record.
    /// </summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>
    /// Every draft ServiceRequest of an order hook, with the JSON it arrived as; empty for other hooks.
    /// </summary>
    public IReadOnlyList<DraftOrder> DraftOrders => Content.DraftOrders;

    /// <summary>order-select: the selected references; otherwise null (every draft order is in scope).</summary>
    public IReadOnlyList<string>? Selections => Content.Selections;

    /// <summary>The draft orders the hook asks us about: the selections for order-select, all for order-sign.</summary>
    public IReadOnlyList<DraftOrder> OrdersInScope =>
        Selections is null ? DraftOrders : DraftOrders.Where(o => Selections.Contains(o.Reference)).ToList();
}
