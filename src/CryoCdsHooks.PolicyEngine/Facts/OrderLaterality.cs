using CryoCdsHooks.PolicyEngine.Terminology;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>
/// The ordered side: ServiceRequest.bodySite (a sided body structure, or a laterality qualifier on it), or the
/// modifiers RT / LT / 50 carried in <c>orderDetail</c> or in an extension of the order or of its code.
/// "Both" is SNOMED 51440002 "Right and left", modifier 50, or right and left named together. A side documented
/// for the order in a DTR answer stands for all of these (<see cref="Answered"/>).
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
        return Read(
            concepts,
            terms,
            ResourceReading.ReferenceTo(order),
            ResourceReading.ToDateTimeOffset(order.AuthoredOn)
        );
    }

    /// <summary>The side documented for the order in a DTR answer: it stands for the order's own.</summary>
    public static OrderLaterality Answered(CodeableConcept side, Evidence answer, PolicyTerminology terms) =>
        Read([side], terms, answer.ResourceReference, answer.Date);

    private static OrderLaterality Read(
        IReadOnlyList<CodeableConcept> concepts,
        PolicyTerminology terms,
        string source,
        DateTimeOffset? date
    )
    {
        var right = concepts.Any(terms[ValueSetIds.LateralityRight].Matches);
        var left = concepts.Any(terms[ValueSetIds.LateralityLeft].Matches);
        var both = concepts.Any(terms[ValueSetIds.LateralityBoth].Matches) || (right && left);
        if (both)
            return new(null, true, new(source, "Ordered side: both (bilateral)", date));
        BodySide? side =
            right ? BodySide.Right
            : left ? BodySide.Left
            : null;
        return side is null
            ? new(null, false, null)
            : new(side, false, new(source, $"Ordered side: {side.Value.ToString().ToLowerInvariant()}", date));
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
