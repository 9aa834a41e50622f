using CryoCdsHooks.PolicyEngine.Terminology;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>
/// Picks the target: a DTR answer naming the treated tumour, else <c>ServiceRequest.reasonReference</c>, then
/// conditions coded like <c>reasonCode</c>, otherwise (also when the reason is no tumour at the site, e.g. a symptom,
/// which is noted) every condition at the ordered site; tumours on the other side than the ordered one are set aside.
/// Records on one side (or of unknown side) are one tumour unless their own size or staging results differ (<see
/// cref="TumorOwnEvidence"/>); tumours on both sides with no side ordered are two possible targets. When only
/// other-side tumours remain, the laterality conflicts.
/// </summary>
internal static class TumorTargeting
{
    public static TumorTargets Resolve(
        ServiceRequest order,
        ClinicalConditions conditions,
        PatientRecord record,
        PolicyTerminology terms,
        string[] siteValueSets,
        OrderAnswers answers
    )
    {
        // A DTR answer naming the treated tumour, or the side, stands for the order's own reason and side.
        var statedReason =
            answers.Targets.Count > 0
                ? answers
                    .Targets.Select(t => conditions.Of(t.Tumor))
                    .Where(c => c.State != ConditionState.Excluded)
                    .ToList()
                : FromOrderReason(order, conditions, record.References);
        var fromReason = statedReason.Where(c => conditions.InAny(c.Resource.Code, siteValueSets)).ToList();
        var atSite = conditions.Coded(siteValueSets).ToList();
        var candidates = fromReason.Count > 0 ? fromReason : atSite;
        List<string> notes = [];
        // A symptom or finding as the reason (hematuria, flank pain, a lung nodule): the tumours at the site decide.
        if (fromReason.Count == 0 && SymptomReason(order, statedReason, conditions, siteValueSets) is { } symptom)
            notes.Add(
                $"The order's reason ({symptom}) is not a tumor at the ordered site; the tumor conditions recorded "
                    + "at the site were used."
            );
        var ordered = answers.Laterality.OrderBy(a => a.Evidence.Date).LastOrDefault() is ({ } side, { } said)
            ? OrderLaterality.Answered(side, said, terms)
            : OrderLaterality.Of(order, terms);
        var orderSide = ordered.Side;
        List<Evidence> lateralityEvidence =
        [
            .. ordered.Evidence is { } orderedEvidence ? [orderedEvidence] : Array.Empty<Evidence>(),
            .. answers.Targets.Select(t => t.Evidence),
        ];

        var otherSide = orderSide is null
            ? []
            : candidates.Where(c => c.Side is { } side && side != orderSide).ToList();
        var sameOrUnknownSide = candidates.Except(otherSide).ToList();
        var conflict =
            otherSide.Count > 0 && !sameOrUnknownSide.Any(c => conditions.InAny(c.Resource.Code, siteValueSets));
        var chosen = conflict ? otherSide : sameOrUnknownSide;
        var chosenSides = chosen
            .Where(c => c.State == ConditionState.Current)
            .Select(c => c.Side)
            .OfType<BodySide>()
            .Distinct()
            .Count();
        var targetSide = orderSide ?? TumorTargets.SingleSide(chosen);
        // Records of one side are one tumour unless their own size or staging results tell them apart.
        var ownEvidence = new TumorOwnEvidence(record, terms);
        var currentChosen = chosen.Where(c => c.State == ConditionState.Current).ToList();
        var apartOnOneSide =
            !conflict && chosenSides <= 1 && currentChosen.Count > 1 && ownEvidence.AnyApart(currentChosen);
        var otherTumorAtSite = atSite.Any(c =>
            c.State != ConditionState.NotCurrent
            && !chosen.Contains(c)
            && (
                (c.Side is { } side && (targetSide is null || side != targetSide))
                || (
                    c.State == ConditionState.Current
                    && currentChosen.Any(t => ownEvidence.Apart(t.Resource, c.Resource))
                )
            )
        );
        return new TumorTargets(
            chosen,
            fromReason.Count > 0,
            orderSide,
            conflict,
            ordered.IsBilateral,
            fromReason.Count == 0 && orderSide is null && chosenSides > 1,
            apartOnOneSide,
            !otherTumorAtSite && chosenSides <= 1 && !apartOnOneSide,
            [.. lateralityEvidence, .. chosen.Select(c => c.ToEvidence())],
            notes
        )
        {
            UnchosenAtSite =
            [
                .. atSite.Where(c =>
                    c.State == ConditionState.Current
                    && !chosen.Contains(c)
                    && (c.Side is null || targetSide is null || c.Side == targetSide)
                ),
            ],
        };
    }

    /// <summary>
    /// The order's stated reason, described, when it names something and none of it is a tumour at the site.
    /// </summary>
    private static string? SymptomReason(
        ServiceRequest order,
        List<ClassifiedCondition> statedReason,
        ClinicalConditions conditions,
        string[] siteValueSets
    )
    {
        var reasons = statedReason
            .Select(c => c.Resource.Code)
            .Concat(statedReason.Count > 0 ? [] : order.ReasonCode)
            .OfType<CodeableConcept>()
            .ToList();
        return reasons.Count == 0 || reasons.Any(r => conditions.InAny(r, siteValueSets))
            ? null
            : string.Join(", ", reasons.Select(ResourceReading.Describe).Distinct());
    }

    private static List<ClassifiedCondition> FromOrderReason(
        ServiceRequest order,
        ClinicalConditions conditions,
        ResourceReferences references
    )
    {
        var referenced = order
            .ReasonReference.Select(r => references.Resolve<Condition>(r, order))
            .OfType<Condition>()
            .Select(conditions.Of)
            .Where(c => c.State != ConditionState.Excluded)
            .ToList();
        if (referenced.Count > 0)
            return referenced;

        var reasonCodes = order.ReasonCode.SelectMany(c => c.Coding).Select(Key).OfType<(string, string)>().ToHashSet();
        return conditions
            .All.Where(c =>
                c.State != ConditionState.Excluded
                && c.Resource.Code?.Coding.Any(coding => Key(coding) is { } key && reasonCodes.Contains(key)) == true
            )
            .ToList();
    }

    private static (string, string)? Key(Coding coding) =>
        CodeSystemIdentity.Canonical(coding.System) is { } system
        && CodeNormalizer.Normalize(system, coding.Code) is { } code
            ? (system, code)
            : null;

    /// <summary>
    /// The side a Condition names: its code (ICD-10-CM, sided SNOMED CT disorders), bodySite, or an mCODE laterality
    /// qualifier.
    /// </summary>
    public static BodySide? SideOf(Condition condition, PolicyTerminology terms) =>
        SideOf(
            [
                condition.Code,
                .. condition.BodySite,
                .. condition.BodySite.SelectMany(LateralityQualifiers),
                .. LateralityQualifiers(condition),
            ],
            terms
        );

    internal static IEnumerable<CodeableConcept> LateralityQualifiers(IExtendable element) =>
        element
            .Extension.Where(e => e.Url?.EndsWith("laterality-qualifier", StringComparison.Ordinal) == true)
            .Select(e => e.Value)
            .OfType<CodeableConcept>();

    internal static BodySide? SideOf(IEnumerable<CodeableConcept?> concepts, PolicyTerminology terms)
    {
        var list = concepts.ToList();
        var right = list.Any(terms[ValueSetIds.LateralityRight].Matches);
        var left = list.Any(terms[ValueSetIds.LateralityLeft].Matches);
        return right == left ? null
            : right ? BodySide.Right
            : BodySide.Left;
    }
}
