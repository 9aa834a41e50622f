using CryoCdsHooks.PolicyEngine;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.Web.Hooks.Kinds;

/// <summary>
/// Where the order itself asks to be performed (<c>ServiceRequest.locationCode</c>, <c>locationReference</c>): a place
/// clue on every hook, beside the booked or dispatched place. The clues weigh the same, so a place that disagrees
/// with the order's leaves the setting unknown (never "no auth" on a guess); with neither, the Encounter decides.
/// </summary>
internal static class RequestedPlace
{
    public static HookSubject Added(HookSubject subject, HookResources resources)
    {
        var order = subject.Order.Resource;
        if (subject.Order.ReadFrom is not null)
            return subject; // a procedure code of another resource: that resource's place is already read
        var reference = subject.Order.Reference;
        var clues = PlaceClues
            .Codes($"{reference} locationCode", order.LocationCode)
            .Concat(
                order.LocationReference.SelectMany(l => PlaceClues.Of(resources.Resolve<Location>(l, order), resources))
            )
            .ToList();
        if (clues.Count == 0)
            return subject;
        var planned = subject.Planned is { } booked
            ? booked with
            {
                Clues = [.. booked.Clues, .. clues],
            }
            : new PlannedService(reference, null, null, clues);
        return subject with { Planned = planned };
    }
}
