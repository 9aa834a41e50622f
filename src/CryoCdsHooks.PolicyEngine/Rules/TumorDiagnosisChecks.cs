using CryoCdsHooks.PolicyEngine.Facts;
using Missing = CryoCdsHooks.PolicyEngine.Rules.MissingInformationCodes;

namespace CryoCdsHooks.PolicyEngine.Rules;

/// <summary>Diagnosis outcomes shared by the kidney and lung rules.</summary>
internal static class TumorDiagnosisChecks
{
    /// <summary>
    /// When the order does not say which tumour it treats: the tumour is on the other side, the order is for both
    /// sides (the policy codes are unilateral), or tumours on both sides, or several told apart on one side, qualify.
    /// Null when the target is clear.
    /// How the target was found (<see cref="TumorTargets.Notes"/>) goes on the answer either way.
    /// </summary>
    public static RuleVerdict? UnclearTarget(VerdictBuilder verdict, TumorTargets targets, string organ)
    {
        verdict.Notes(targets.Notes);
        if (targets.LateralityConflict)
        {
            verdict.Criterion(PolicyCriteria.Laterality, false, targets.LateralityEvidence);
            return verdict.NeedsInformation(
                [Missing.Laterality],
                $"The {organ} tumor is on the other side than the ordered side."
            );
        }
        if (targets.BilateralOrder)
        {
            verdict.Criterion(PolicyCriteria.Laterality, null, targets.LateralityEvidence);
            return verdict.NeedsInformation(
                [Missing.Laterality],
                "Ordered for both sides, but the code is unilateral: order each side (RT / LT)."
            );
        }
        if (targets.SeveralPossibleTargets)
        {
            verdict.Criterion(PolicyCriteria.Laterality, null, targets.LateralityEvidence);
            return verdict.NeedsInformation(
                [Missing.TargetTumor],
                $"{char.ToUpperInvariant(organ[0])}{organ[1..]} tumors on both sides qualify; the order must name "
                    + "the side or the tumor."
            );
        }
        if (targets.SeveralTumorsOnOneSide)
            return verdict.NeedsInformation(
                [Missing.TargetTumor],
                $"Several {organ} tumors with different size or staging qualify; the order must name the one it "
                    + "treats (reasonReference)."
            );
        return null;
    }

    /// <summary>
    /// No confirmed current tumour: a provisional one (or a mass of unproven behaviour) needs confirmation,
    /// otherwise the diagnosis itself is missing.
    /// </summary>
    public static RuleVerdict NoConfirmedDiagnosis(
        EvaluationContext context,
        VerdictBuilder verdict,
        TumorTargets targets,
        PolicyCriterion diagnosisCriterion,
        string[] siteValueSets,
        string organ,
        string? unprovenMassValueSet = null
    )
    {
        var needsConfirmation = targets.Conditions.Any(c =>
            (c.State == ConditionState.Suspected && context.Conditions.InAny(c.Resource.Code, siteValueSets))
            || (
                c.State == ConditionState.Current
                && unprovenMassValueSet is not null
                && context.IsIn(c, unprovenMassValueSet)
            )
        );
        verdict.Criterion(diagnosisCriterion, null, targets.Conditions.Select(c => c.ToEvidence()));
        return needsConfirmation
            ? verdict.NeedsInformation(
                [Missing.ConfirmedDiagnosis],
                $"The {organ} tumor is not a confirmed diagnosis yet."
            )
            : verdict.NeedsInformation(
                [Missing.Diagnosis],
                $"No active {organ} tumor diagnosis is documented for this order."
            );
    }
}
