using CryoCdsHooks.PolicyEngine.Facts;
using CryoCdsHooks.PolicyEngine.Terminology;
using Missing = CryoCdsHooks.PolicyEngine.Rules.MissingInformationCodes;

namespace CryoCdsHooks.PolicyEngine.Rules;

/// <summary>
/// Kidney cryoablation (50250, 50542, 50593), docs/policy-decisions.md. Not-covered checks run before
/// needs-information checks, so a 5 cm tumour is not reported as "needs eGFR".
/// </summary>
internal static class RenalCryoablationRules
{
    internal static readonly string[] KidneySites =
    [
        ValueSetIds.RenalCellCarcinoma,
        ValueSetIds.KidneyTumorNonRcc,
        ValueSetIds.KidneyMassSuspected,
    ];

    public static RuleVerdict Evaluate(EvaluationContext context)
    {
        var verdict = new VerdictBuilder(context.Terms.Alternatives, Indications.Kidney);
        var criteria = new RenalCriteria(context.Numbers);
        if (context.CptCode == "50542")
            verdict.Note(
                "50542 does not name the ablation energy; evaluated as cryoablation. If it is radiofrequency, policy "
                    + "#259 applies (I-15)."
            );
        if (context.Conditions.Current(ValueSetIds.CancerHistory).Any())
            verdict.Note("A personal history of cancer (Z85) is not an active tumor.");

        var targets = context.Targets(KidneySites);
        if (TumorDiagnosisChecks.UnclearTarget(verdict, targets, "kidney") is { } unclear)
            return unclear;

        // A recorded histology is more specific than the site code: a C64 tumour with urothelial histology is not RCC
        // (I-16).
        var nonRcc = targets
            .Conditions.Where(c =>
                c.State == ConditionState.Current
                && (
                    context.IsIn(c, ValueSetIds.KidneyTumorNonRcc) || context.IsIn(c, ValueSetIds.KidneyHistologyNonRcc)
                )
            )
            .ToList();
        var rcc = targets
            .Conditions.Where(c =>
                c.State == ConditionState.Current
                && context.IsIn(c, ValueSetIds.RenalCellCarcinoma)
                && !nonRcc.Contains(c)
            )
            .ToList();
        if (nonRcc.Count > 0 && rcc.Count > 0 && !targets.ChosenByOrderReason)
        {
            verdict.Criterion(
                criteria.KidneyDiagnosis,
                null,
                [.. rcc.Select(c => c.ToEvidence()), .. nonRcc.SelectMany(context.EvidenceOf)]
            );
            return verdict.NeedsInformation(
                [Missing.TargetTumor],
                "Several kidney tumors qualify; the order must name the one it treats."
            );
        }
        // A final report tied to no Condition speaks for the only kidney tumour, by its disorder codes.
        var reportedNonRcc =
            nonRcc.Count == 0 && rcc.Count > 0
                ? context
                    .UntiedReportConclusions(targets)
                    .Where(r => context.Terms[ValueSetIds.KidneyTumorNonRcc].Matches(r.Conclusion))
                    .ToList()
                : [];
        if (reportedNonRcc.Count > 0)
        {
            verdict.Criterion(
                PolicyCriteria.CoveredIndication,
                false,
                [.. rcc.Select(c => c.ToEvidence()), .. reportedNonRcc.Select(r => r.Evidence)]
            );
            return verdict.Investigational(
                "A final report names the kidney tumor as other than renal cell carcinoma; cryoablation of other "
                    + "kidney tumors is investigational."
            );
        }
        if (nonRcc.Count > 0)
        {
            verdict.Criterion(PolicyCriteria.CoveredIndication, false, nonRcc.SelectMany(context.EvidenceOf));
            return verdict.Investigational(
                nonRcc.Any(c => context.IsIn(c, ValueSetIds.MetastasisToKidney))
                    ? "The kidney tumor is a metastasis; cryoablation of metastases is investigational."
                : nonRcc.Any(c => context.IsIn(c, ValueSetIds.KidneyHistologyNonRcc))
                    ? "The kidney tumor's recorded histology is not renal cell carcinoma; cryoablation of other "
                        + "kidney tumors is investigational."
                : "Cryoablation of kidney tumors other than renal cell carcinoma is investigational."
            );
        }

        if (rcc.Count == 0)
            return TumorDiagnosisChecks.NoConfirmedDiagnosis(
                context,
                verdict,
                targets,
                criteria.KidneyDiagnosis,
                KidneySites,
                "kidney",
                ValueSetIds.KidneyMassSuspected
            );

        verdict.Criterion(criteria.KidneyDiagnosis, true, rcc.Select(c => c.ToEvidence()));
        if (targets.OrderSide is not null)
            verdict.Criterion(PolicyCriteria.Laterality, true, targets.LateralityEvidence);
        return Decide(context, criteria, verdict, targets, rcc);
    }

    private static RuleVerdict Decide(
        EvaluationContext context,
        RenalCriteria criteria,
        VerdictBuilder verdict,
        TumorTargets targets,
        IReadOnlyList<ClassifiedCondition> rcc
    )
    {
        var staging = context.Staging(targets, rcc, StagingSite.Kidney);
        var measured = context.TumorSize(targets, rcc);
        bool? withinSize = measured?.IsWithin(context.Numbers.MaximumTumorCentimetres)
            ?? context.Numbers.KidneyTumorWithinLimit(staging.IsKidneyT1a);
        var localized = staging.IsLocalized;
        var candidacy = context.SurgicalCandidacy;
        bool? notCandidate = candidacy.IsCandidate is { } isCandidate ? !isCandidate : null;
        var singleKidney = context.SingleKidney;
        var kidneyFunction = context.KidneyFunction;
        bool? preservationNeeded =
            singleKidney.HasSingleKidney || kidneyFunction.RenalInsufficiency == true ? true
            : kidneyFunction.RenalInsufficiency == false ? false
            : null;
        var worsens = context.Attestation(AttestationCodes.ResectionWorsensKidneyFunction);

        verdict
            .Criterion(criteria.Localized, localized, staging.Evidence)
            .Criterion(
                criteria.TumorSize,
                withinSize,
                measured is null ? staging.EvidenceFor(StagingAxis.T) : [measured.ToEvidence()]
            )
            .Criterion(PolicyCriteria.NotSurgicalCandidate, notCandidate, candidacy.Evidence)
            .Criterion(criteria.SingleKidney, singleKidney.HasSingleKidney, singleKidney.Evidence)
            .Criterion(criteria.RenalInsufficiency, kidneyFunction.RenalInsufficiency, kidneyFunction.Evidence)
            .Criterion(PolicyCriteria.ResectionWorsensKidneyFunction, worsens.Value, worsens.Evidence)
            .Notes(kidneyFunction.Notes)
            .Notes(staging.Notes);
        if (singleKidney.HasKidneyTransplant)
            verdict.Note(
                "Kidney transplant status (Z94.0) is not counted as one kidney; document it if the tumor is in the "
                    + "transplant (I-9)."
            );

        // Either bullet of the policy; false only when both are definitely closed.
        bool? eligible =
            notCandidate == true || (preservationNeeded == true && worsens.Value == true) ? true
            : notCandidate == false && (preservationNeeded == false || worsens.Value == false) ? false
            : null;

        if (withinSize == false)
            return verdict.CriteriaNotMet(criteria.LargerThanLimit);
        if (localized == false)
            return verdict.CriteriaNotMet(
                "The renal cell carcinoma is not localized (nodal or distant spread, or stage III-IV)."
            );
        if (eligible == false)
            return verdict.Investigational(
                "Cryoablation of renal cell carcinoma in a surgical candidate is investigational."
            );
        if (withinSize == true && localized == true && eligible == true)
            return notCandidate == true
                ? verdict.Covered(
                    criteria.CoveredNotCandidate,
                    "Not a surgical candidate",
                    criteria.SingleKidney,
                    criteria.RenalInsufficiency,
                    PolicyCriteria.ResectionWorsensKidneyFunction
                )
                : verdict.Covered(
                    criteria.CoveredPreservation,
                    criteria.PreservationRoute,
                    PolicyCriteria.NotSurgicalCandidate,
                    criteria.SingleKidney,
                    criteria.RenalInsufficiency
                );

        List<MissingInformation> missing = [];
        if (withinSize is null)
            missing.Add(Missing.TumorSize);
        if (localized is null)
            missing.Add(Missing.Staging);
        if (eligible is null)
        {
            if (notCandidate is null)
                missing.Add(Missing.SurgicalCandidacy);
            if (preservationNeeded is null && worsens.Value != false)
                missing.Add(criteria.Egfr);
            if (preservationNeeded == true && worsens.Value is null)
                missing.Add(Missing.ResectionWorsensKidneyFunction);
        }
        return verdict.NeedsInformation(missing);
    }
}
