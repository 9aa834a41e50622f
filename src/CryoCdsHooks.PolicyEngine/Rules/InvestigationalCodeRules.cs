using CryoCdsHooks.PolicyEngine.Terminology;

namespace CryoCdsHooks.PolicyEngine.Rules;

/// <summary>0581T, 19105 and 20983: the policy names these investigational whatever the diagnosis.</summary>
internal static class InvestigationalCodeRules
{
    private sealed record Site(string Tumor, string Indication, string[] DiagnosisValueSets);

    private static readonly IReadOnlyDictionary<ProcedureClass, Site> Sites = new Dictionary<ProcedureClass, Site>
    {
        [ProcedureClass.BreastCancerCryoablation] = new(
            "breast cancer",
            Indications.BreastCancer,
            [ValueSetIds.BreastCancer]
        ),
        [ProcedureClass.FibroadenomaCryoablation] = new(
            "breast fibroadenoma",
            Indications.Fibroadenoma,
            [ValueSetIds.Fibroadenoma, ValueSetIds.Fibroadenosis]
        ),
        [ProcedureClass.BoneCryoablation] = new(
            "bone tumors",
            Indications.Bone,
            [ValueSetIds.BoneCancerPrimary, ValueSetIds.BoneMetastasis]
        ),
    };

    public static RuleVerdict Evaluate(EvaluationContext context, ProcedureClass procedure)
    {
        var site = Sites[procedure];
        var verdict = new VerdictBuilder(context.Terms.Alternatives, site.Indication);
        var diagnoses = context.Conditions.Current(site.DiagnosisValueSets).ToList();
        verdict.Criterion(PolicyCriteria.CoveredIndication, false, diagnoses.Select(c => c.ToEvidence()));

        if (
            procedure == ProcedureClass.FibroadenomaCryoablation
            && diagnoses.Count > 0
            && diagnoses.All(c => context.IsIn(c, ValueSetIds.Fibroadenosis))
        )
            verdict.Note(
                "N60.2x is fibroadenosis (fibrocystic change), not fibroadenoma; the diagnosis code may be wrong."
            );
        if (diagnoses.Count == 0)
            verdict.Note($"No active {site.Tumor} diagnosis is documented for this order.");

        return verdict.Investigational($"Cryoablation of {site.Tumor} is investigational under policy 260.");
    }
}
