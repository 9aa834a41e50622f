namespace CryoCdsHooks.Web.Hooks.Kinds;

/// <summary>
/// order-select (CRD secondary): the draft orders named in <c>context.selections</c> are answered on themselves,
/// without asking for documentation (hook-19); the setting is the hook Encounter's, often unknown this early.
/// </summary>
public sealed class OrderSelectHook : HookKind
{
    public override string Hook => "order-select";
    public override string ServiceId => "cryoablation-order-select";
    public override string Title => "Cryoablation coverage (BCBSMA policy 260) at order selection";
    public override string Description =>
        "Checks a selected cryoablation order (kidney, lung, breast, bone) against Blue Cross Blue Shield of "
        + "Massachusetts Medical Policy 260 and returns coverage, prior authorization and alternatives.";
    public override bool SaysWhatChanged => false;

    public override bool IsPrimary => false;
    public override IReadOnlyList<string> ContextFields { get; } =
    ["userId", "encounterId", "selections", "draftOrders"];

    internal override HookContextContent ReadContext(ContextReader context)
    {
        var drafts = OrderSignHook.DraftOrders(context);
        return new() { DraftOrders = drafts, Selections = Selections(context, drafts) };
    }

    internal override IReadOnlyList<HookSubject> Subjects(HookRequest request, HookResources resources) =>
        OrderSignHook.OnThemselves(request.OrdersInScope);

    private static List<string>? Selections(ContextReader context, IReadOnlyList<DraftOrder> drafts)
    {
        var references = context.References("selections", required: true);
        if (references is null)
            return null;
        // Selections of other request types (e.g. MedicationRequest) are not ours to evaluate, but they must exist.
        foreach (var reference in references.Where(r => r.StartsWith("ServiceRequest/", StringComparison.Ordinal)))
        {
            if (drafts.All(d => d.Reference != reference))
                context.Issues.Add(
                    new("invalid", "context.selections", $"Selection '{reference}' is not in context.draftOrders.")
                );
        }
        return references;
    }
}
