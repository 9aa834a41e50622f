using CryoCdsHooks.PolicyEngine.Terminology;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>
/// The ordered side: ServiceRequest.bodySite (a sided body structure, or a laterality qualifier on it), or the
/// modifiers RT / LT / 50 carried in <c>orderDetail</c> or in an extension of the order or of its code.
/// "Both" is SNOMED 51440002 "Right and left", modifier 50, or right and left named together.
/// </summary>
internal sealed record OrderLaterality(BodySide? Side, bool IsBilateral, Evidence? Evidence)
{
    public static OrderLaterality Of(ServiceRequest order, PolicyTerminology terms)
    {
        List<CodeableConcept> concepts =
        [
            .. order.BodySite,
            .. order.BodySite.SelectMany(TumorTargeting.LateralityQualifiers),
            .. order.OrderDetail,
            .. ExtensionConcepts(order),
            .. order.Code is null ? [] : ExtensionConcepts(order.Code),
            .. (order.Code?.Coding ?? []).SelectMany(c => ExtensionConcepts(c)),
        ];
        var right = concepts.Any(terms[ValueSetIds.LateralityRight].Matches);
        var left = concepts.Any(terms[ValueSetIds.LateralityLeft].Matches);
        var both = concepts.Any(terms[ValueSetIds.LateralityBoth].Matches) || (right && left);
        if (both)
            return new(
                null,
                true,
                new(
                    ResourceReading.ReferenceTo(order),
                    "Ordered side: both (bilateral)",
                    ResourceReading.ToDateTimeOffset(order.AuthoredOn)
                )
            );
        BodySide? side =
            right ? BodySide.Right
            : left ? BodySide.Left
            : null;
        return side is null
            ? new(null, false, null)
            : new(
                side,
                false,
                new(
                    ResourceReading.ReferenceTo(order),
                    $"Ordered side: {side.Value.ToString().ToLowerInvariant()}",
                    ResourceReading.ToDateTimeOffset(order.AuthoredOn)
                )
            );
    }

    private static IEnumerable<CodeableConcept> ExtensionConcepts(IExtendable element) =>
        element
            .Extension.Select(e =>
                e.Value switch
                {
                    CodeableConcept concept => concept,
                    Coding coding => new CodeableConcept { Coding = [coding] },
                    _ => null,
                }
            )
            .OfType<CodeableConcept>();
}
