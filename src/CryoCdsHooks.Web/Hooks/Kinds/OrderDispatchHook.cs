using CryoCdsHooks.FhirAccess;
using CryoCdsHooks.PolicyEngine;
using Hl7.Fhir.Model;
using Task = Hl7.Fhir.Model.Task;

namespace CryoCdsHooks.Web.Hooks.Kinds;

/// <summary>
/// order-dispatch (CRD primary): each dispatched ServiceRequest (<c>context.dispatchedOrders</c>; CRD 2.0.1 and the
/// Inferno kit send one <c>context.order</c>) is answered on itself. The setting comes from who it is dispatched to
/// (<c>context.performer</c>: an Organization's type, a PractitionerRole's code, locations and organization) and from
/// the location or owner of a fulfilment Task that counts for it (<see cref="FulfilmentTasks"/>); the date of
/// service is the Task's restriction period start, else the order's own date. References on another server than
/// <c>fhirServer</c> are never fetched (<see cref="ServerReference"/>).
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
    /// at <c>context.performer</c>, with the locations and organization of a PractitionerRole. A performer on another
    /// server than <c>fhirServer</c> is never fetched (the token would go there): only a prefetched one is read.
    /// </summary>
    internal override IReadOnlyList<HookKeyQuery> OwnQueries(HookRequest request)
    {
        List<HookKeyQuery> queries = [new(OrdersKey, OwnPrefetch[OrdersKey], typeof(ServiceRequest), IsRead: false)];
        var performer = request.Content.Performer;
        if (performer is null)
            return queries;
        var type = ResourceReferences.Literal(performer) is var (name, _) ? ModelInfo.GetTypeForFhirType(name) : null;
        var read = type is null ? null : ServerReference.OnServer(performer, request.FhirServer);
        queries.Add(
            new(
                PerformerKey,
                read is null ? null : OwnPrefetch[PerformerKey].Replace(PerformerToken, read, StringComparison.Ordinal),
                type ?? typeof(Resource),
                IsRead: true,
                PlaceClues.Followed
            )
        );
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
        var place = resources.Resolve<Resource>(ServerReference.OnServer(performer, request.FhirServer) ?? performer);
        var performerClues = PlaceClues.Of(place, resources).ToList();
        var unread =
            place is null && ServerReference.IsElsewhere(performer, request.FhirServer)
                ? $"The performer {performer} is not on the client's FHIR server: it was not read (the FHIR token "
                    + "goes to fhirServer only), so the care setting is unknown. Send it in prefetch 'performer'."
                : null;
        var subjects = new List<HookSubject>();
        foreach (var dispatched in request.Content.References)
        {
            if (ResourceReferences.Literal(dispatched) is not ("ServiceRequest", var id))
                continue;
            var reference = $"ServiceRequest/{id}";
            if (ServerReference.IsElsewhere(dispatched, request.FhirServer))
            {
                resources.Notes.Add($"{dispatched} is not on the client's FHIR server: not read, not answered.");
                continue;
            }
            if (resources.Resolve<ServiceRequest>(reference) is not { } order)
            {
                resources.Notes.Add(
                    $"{reference} was dispatched but is not in the request: send prefetch '{OrdersKey}'."
                );
                continue;
            }
            if (!resources.IsPatient(order.Subject, request.PatientId))
                continue;
            var tasks = FulfilmentTasks.For(reference, request, resources);
            var clues = performerClues.Concat(tasks.SelectMany(t => FulfilmentTasks.Clues(t, resources)));
            var start = tasks
                .Select(t => ServiceDate.LocalDay(t.Restriction?.Period?.Start))
                .FirstOrDefault(d => d is not null);
            var read = tasks.Count == 0 ? "" : ", fulfilment " + string.Join(", ", tasks.Select(t => $"Task/{t.Id}"));
            var planned = new PlannedService(
                $"{reference} dispatched to {performer}{read}",
                start,
                "Task.restriction.period.start",
                [.. clues],
                unread
            );
            var draft = new DraftOrder(order, ContextResource.Of(order).Json);
            subjects.Add(new HookSubject(draft, draft.AsTarget, planned));
        }
        return subjects;
    }
}
