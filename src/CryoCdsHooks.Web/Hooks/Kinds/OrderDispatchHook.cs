using CryoCdsHooks.FhirAccess;
using CryoCdsHooks.PolicyEngine;
using Hl7.Fhir.Model;
using Task = Hl7.Fhir.Model.Task;

namespace CryoCdsHooks.Web.Hooks.Kinds;

/// <summary>
/// order-dispatch (CRD primary): each dispatched ServiceRequest (<c>context.dispatchedOrders</c>; CRD 2.0.1 and the
/// Inferno kit send one <c>context.order</c>) is answered on itself. The setting comes from who it is dispatched to
/// (<c>context.performer</c>: an Organization's type, a PractitionerRole's code, locations and organization) and from
/// the location or owner of the fulfilment Task that focuses on it (<c>fulfillmentTasks</c>; 2.0.1: <c>task</c>);
/// the date of service is the Task's restriction period start, else the order's own date.
/// </summary>
public sealed class OrderDispatchHook : HookKind
{
    public const string OrdersKey = "dispatchedOrders";
    public const string PerformerKey = "performer";
    private const string PerformerToken = "{{context.performer}}";

    public override string Hook => "order-dispatch";
    public override string ServiceId => "cryoablation-order-dispatch";
    public override string Title => "Cryoablation coverage (BCBSMA policy 260) when the order is dispatched";
    public override string Description =>
        "Checks a dispatched cryoablation order against Blue Cross Blue Shield of Massachusetts Medical Policy 260 "
        + "for the performer it is sent to, and returns coverage and prior authorization on the order.";
    public override bool IsPrimary => true;
    public override bool RequiresUser => false;
    public override IReadOnlyList<string> ContextFields { get; } =
    ["dispatchedOrders", "performer", "fulfillmentTasks"];

    public override IReadOnlyDictionary<string, string> OwnPrefetch { get; } =
        new Dictionary<string, string>
        {
            [OrdersKey] = "ServiceRequest?patient={{context.patientId}}&status=active",
            [PerformerKey] = PerformerToken,
        };

    /// <summary>
    /// The dispatched orders' search as its template says (the loader fills in the patient), and the performer read
    /// at <c>context.performer</c> when that is a relative <c>Type/id</c>: an absolute one would send the token to
    /// another server.
    /// </summary>
    internal override IReadOnlyList<HookKeyQuery> OwnQueries(HookRequest request)
    {
        List<HookKeyQuery> queries = [new(OrdersKey, OwnPrefetch[OrdersKey], typeof(ServiceRequest), IsRead: false)];
        var performer = request.Content.Performer;
        if (
            performer is not null
            && !performer.Contains(':', StringComparison.Ordinal)
            && ResourceReferences.Literal(performer) is var (type, id)
            && ModelInfo.GetTypeForFhirType(type) is { } resourceType
        )
        {
            var read = OwnPrefetch[PerformerKey]
                .Replace(PerformerToken, $"{type}/{Uri.EscapeDataString(id)}", StringComparison.Ordinal);
            queries.Add(new(PerformerKey, read, resourceType, IsRead: true));
        }
        return queries;
    }

    internal override HookContextContent ReadContext(ContextReader context)
    {
        var orders = context.References("dispatchedOrders", required: false)
            ?? (context.Optional("order") is { } single ? [single] : null);
        if (orders is null)
            context.Issues.Add(new("required", "context.dispatchedOrders", "context.dispatchedOrders is required."));
        return new()
        {
            References = orders ?? [],
            Performer = context.Required("performer"),
            Resources = [.. context.Resources<Task>("fulfillmentTasks"), .. context.Resources<Task>("task")],
        };
    }

    internal override IReadOnlyList<HookSubject> Subjects(HookRequest request, HookResources resources)
    {
        var performer = request.Content.Performer;
        var performerClues = PlaceClues.Of(resources.Resolve<Resource>(performer), resources).ToList();
        var subjects = new List<HookSubject>();
        foreach (var reference in request.Content.References.Where(r => r.StartsWith("ServiceRequest/")))
        {
            if (resources.Resolve<ServiceRequest>(reference) is not { } order)
            {
                resources.Notes.Add(
                    $"{reference} was dispatched but is not in the request: send prefetch '{OrdersKey}'."
                );
                continue;
            }
            if (!resources.IsPatient(order.Subject, request.PatientId))
                continue;
            var focused = request
                .Content.Resources.Select(r => r.Resource)
                .OfType<Task>()
                .Where(t => ResourceReferenceName(t.Focus) == reference)
                .ToList();
            // A Task for another patient says nothing about where or when this patient's order is done.
            var tasks = focused.Where(t => t.For is null || resources.IsPatient(t.For, request.PatientId)).ToList();
            foreach (var other in focused.Except(tasks))
                resources.Notes.Add($"Task/{other.Id} is for another patient: not read.");
            var clues = performerClues.Concat(
                tasks.SelectMany(t =>
                    PlaceClues
                        .Of(resources.Resolve<Resource>(t.Location, t), resources)
                        .Concat(PlaceClues.Of(resources.Resolve<Resource>(t.Owner, t), resources))
                )
            );
            var start = tasks
                .Select(t => ServiceDate.LocalDay(t.Restriction?.Period?.Start))
                .FirstOrDefault(d => d is not null);
            var planned = new PlannedService(
                $"{reference} dispatched to {performer}",
                start,
                "Task.restriction.period.start",
                [.. clues]
            );
            var draft = new DraftOrder(order, ContextResource.Of(order).Json);
            subjects.Add(new HookSubject(draft, draft.AsTarget, planned));
        }
        return subjects;
    }

    private static string? ResourceReferenceName(ResourceReference? reference) =>
        ResourceReferences.Literal(reference?.Reference) is var (type, id) ? $"{type}/{id}" : null;
}
