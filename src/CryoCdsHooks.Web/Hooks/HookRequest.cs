using System.Text.Json;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.Web.Hooks;

/// <summary>A validated CDS Hooks call for order-select or order-sign.</summary>
public sealed record HookRequest
{
    public required string Hook { get; init; }
    public required Guid HookInstance { get; init; }
    public Uri? FhirServer { get; init; }

    /// <summary>
    /// The transient FHIR access token; never logged, stored or sent anywhere but <see cref="FhirServer"/>.
    /// </summary>
    public string? AccessToken { get; init; }
    public required string UserId { get; init; }
    public required string PatientId { get; init; }
    public string? EncounterId { get; init; }

    /// <summary>Every draft ServiceRequest, with the JSON it arrived as (echoed unchanged in systemActions).</summary>
    public required IReadOnlyList<DraftOrder> DraftOrders { get; init; }

    /// <summary>order-select: the selected references; order-sign: null (every draft order is in scope).</summary>
    public IReadOnlyList<string>? Selections { get; init; }
    public IReadOnlyDictionary<string, JsonElement>? Prefetch { get; init; }
    public required CrdConfiguration Configuration { get; init; }

    /// <summary>
    /// Deviations read past in the request itself (empty members, repeated orders), for the audit record.
    /// </summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    public bool IsOrderSign => Hook == "order-sign";

    /// <summary>
    /// The orders the hook asks us about: the selections for order-select, all drafts for order-sign.
    /// </summary>
    public IReadOnlyList<DraftOrder> OrdersInScope =>
        Selections is null ? DraftOrders : DraftOrders.Where(o => Selections.Contains(o.Reference)).ToList();
}
