using CryoCdsHooks.PolicyEngine.Terminology;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Facts;

public enum BodySide { Right, Left }

/// <summary>The tumour condition(s) an order treats, and whether the tumour side contradicts the ordered side.</summary>
public sealed record TumorTargets(
    IReadOnlyList<ClassifiedCondition> Conditions,
    bool ChosenByOrderReason,
    BodySide? OrderSide,
    bool LateralityConflict,
    IReadOnlyList<Evidence> LateralityEvidence);

/// <summary>
/// Picks the target: <c>ServiceRequest.reasonReference</c> (Condition/id) first, then conditions coded like
/// <c>reasonCode</c>; otherwise every condition at the ordered site. Tumours on the other side are set aside;
/// when only other-side tumours remain, the laterality conflicts.
/// </summary>
internal static class TumorTargeting
{
    public static TumorTargets Resolve(ServiceRequest order, ClinicalConditions conditions, PolicyTerminology terms, string[] siteValueSets)
    {
        var fromReason = FromOrderReason(order, conditions);
        var candidates = fromReason.Count > 0 ? fromReason : conditions.Coded(siteValueSets).ToList();
        var orderSide = SideOf(order.BodySite, terms);
        var lateralityEvidence = orderSide is null
            ? []
            : new List<Evidence> { new(ResourceReading.ReferenceTo(order), $"Ordered side: {orderSide.Value.ToString().ToLowerInvariant()}", ResourceReading.ToDateTimeOffset(order.AuthoredOn)) };

        if (orderSide is null)
            return new TumorTargets(candidates, fromReason.Count > 0, null, false, lateralityEvidence);

        var otherSide = candidates.Where(c => SideOf(c.Resource, terms) is { } side && side != orderSide).ToList();
        var sameOrUnknownSide = candidates.Except(otherSide).ToList();
        var conflict = otherSide.Count > 0 && !sameOrUnknownSide.Any(c => conditions.InAny(c.Resource.Code, siteValueSets));
        return new TumorTargets(
            conflict ? otherSide : sameOrUnknownSide,
            fromReason.Count > 0,
            orderSide,
            conflict,
            [.. lateralityEvidence, .. (conflict ? otherSide : sameOrUnknownSide).Select(c => c.ToEvidence())]);
    }

    private static List<ClassifiedCondition> FromOrderReason(ServiceRequest order, ClinicalConditions conditions)
    {
        var referenced = order.ReasonReference
            .Select(r => r.Reference)
            .Where(r => r?.StartsWith("Condition/", StringComparison.Ordinal) == true)
            .Select(r => conditions.ById(r!["Condition/".Length..]))
            .OfType<ClassifiedCondition>()
            .Where(c => c.State != ConditionState.Excluded)
            .ToList();
        if (referenced.Count > 0)
            return referenced;

        var reasonCodes = order.ReasonCode.SelectMany(c => c.Coding).Select(Key).ToHashSet();
        return conditions.All
            .Where(c => c.State != ConditionState.Excluded && c.Resource.Code?.Coding.Any(coding => reasonCodes.Contains(Key(coding))) == true)
            .ToList();
    }

    private static (string?, string?) Key(Coding coding)
    {
        var system = CodeSystemIdentity.Canonical(coding.System);
        return (system, CodeNormalizer.Normalize(system, coding.Code));
    }

    public static BodySide? SideOf(Condition condition, PolicyTerminology terms) =>
        SideOf([condition.Code, .. condition.BodySite], terms);

    private static BodySide? SideOf(IEnumerable<CodeableConcept?> concepts, PolicyTerminology terms)
    {
        var list = concepts.ToList();
        var right = list.Any(terms[ValueSetIds.LateralityRight].Matches);
        var left = list.Any(terms[ValueSetIds.LateralityLeft].Matches);
        return right == left ? null : right ? BodySide.Right : BodySide.Left;
    }
}
