namespace CryoCdsHooks.Web.Hooks.Kinds;

/// <summary>
/// order-sign (CRD primary): every draft order in <c>context.draftOrders</c> is answered on itself; the setting is
/// the hook Encounter's and the date the order's own (occurrence, else authoredOn).
/// </summary>
public sealed class OrderSignHook : HookKind
{
    public override string Hook => "order-sign";
    public override string ServiceId => "cryoablation-order-sign";
    public override string Title => "Cryoablation coverage (BCBSMA policy 260) at order signing";
    public override string Description =>
        "Checks every draft cryoablation order against Blue Cross Blue Shield of Massachusetts Medical Policy 260 "
        + "and returns coverage, prior authorization, documentation needs and alternatives.";
    public override bool SaysWhatChanged => false;

    public override bool IsPrimary => true;
    public override IReadOnlyList<string> ContextFields { get; } = ["userId", "encounterId", "draftOrders"];

    internal override HookContextContent ReadContext(ContextReader context) =>
        new() { DraftOrders = DraftOrders(context) };

    internal override IReadOnlyList<HookSubject> Subjects(HookRequest request, HookResources resources) =>
        OnThemselves(request.OrdersInScope);

    /// <summary>
    /// The ServiceRequests of <c>context.draftOrders</c> (other request types are not ours to judge).
    /// </summary>
    internal static List<DraftOrder> DraftOrders(ContextReader context) =>
        context
            .BundleResources<Hl7.Fhir.Model.ServiceRequest>("draftOrders")
            .Select(r => new DraftOrder((Hl7.Fhir.Model.ServiceRequest)r.Resource, r.Json))
            .ToList();

    /// <summary>Each order answered on itself, at the setting and date order entry knows.</summary>
    internal static List<HookSubject> OnThemselves(IEnumerable<DraftOrder> orders) =>
        orders.Select(o => new HookSubject(o, o.AsTarget)).ToList();
}
