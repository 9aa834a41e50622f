using CryoCdsHooks.PolicyEngine.Terminology;

namespace CryoCdsHooks.PolicyEngine.Rules;

/// <summary>
/// 76940/77013/77022 (I-14): guidance inherits the determination of the ablation ordered with it (the worst one
/// if several); alone it cannot be placed, since guidance is also used for RFA, microwave and liver ablation.
/// </summary>
internal static class ImagingGuidanceRules
{
    public static RuleVerdict Evaluate(EvaluationContext context, IReadOnlyList<CoverageDetermination> pairedAblations)
    {
        var verdict = new VerdictBuilder(context.Terms.Alternatives, null);
        if (pairedAblations.Count == 0)
        {
            verdict.Criterion(PolicyCriteria.PairedAblation, null, []);
            return verdict.NeedsInformation([MissingInformationCodes.AblationProcedure],
                "Imaging guidance alone: the ablation it guides must be ordered or named.");
        }

        var governing = pairedAblations.OrderByDescending(d => Severity(d.Outcome)).First();
        verdict.Criterion(PolicyCriteria.PairedAblation, true, pairedAblations.Select(d => new Evidence(
            $"ServiceRequest/{d.Order.Id}",
            $"CPT {d.CptCode}: {d.Outcome}",
            null)));
        foreach (var criterion in governing.Criteria)
            verdict.Criterion(criterion);
        verdict.Notes(governing.Notes);
        foreach (var ablation in pairedAblations.Where(d => context.Terms[ValueSetIds.CptGuidanceIncluded].Contains(CodeSystems.Cpt, d.CptCode)))
            verdict.Note($"CPT {ablation.CptCode} already includes imaging guidance; a separate {context.CptCode} is a bundling conflict.");

        return verdict.Inherit(governing, Shorten($"Follows CPT {governing.CptCode} ordered with it: {governing.Reason}"));
    }

    /// <summary>Not covered outranks needs-information, which outranks covered.</summary>
    public static int Severity(DeterminationOutcome outcome) => outcome switch
    {
        DeterminationOutcome.Investigational or DeterminationOutcome.CriteriaNotMet => 2,
        DeterminationOutcome.NeedsInformation => 1,
        _ => 0,
    };

    private static string Shorten(string reason) => reason.Length < 140 ? reason : reason[..136] + "...";
}
