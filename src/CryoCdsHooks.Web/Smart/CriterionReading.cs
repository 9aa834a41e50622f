using CryoCdsHooks.PolicyEngine;
using Missing = CryoCdsHooks.PolicyEngine.Rules.MissingInformationCodes;
using Policy = CryoCdsHooks.PolicyEngine.Rules.PolicyCriteria;

namespace CryoCdsHooks.Web.Smart;

/// <summary>
/// How the app shows a criterion's status to the clinician. The engine's statuses stay as they are; only an
/// <see cref="CriterionStatus.Unknown"/> that cannot change this order's answer reads "not needed": the answer is
/// already decided, or it still needs information but nothing it asks for documents this criterion.
/// </summary>
internal static class CriterionReading
{
    // Kidney criteria are built per policy edition (RenalCriteria, internal to the engine); their ids are stable.
    private static readonly string[] DiagnosisCodes =
    [
        Missing.Diagnosis.Code,
        Missing.ConfirmedDiagnosis.Code,
        Missing.TargetTumor.Code,
        Missing.ConfirmMetastasis.Code,
    ];
    private static readonly string[] StagingCodes = [Missing.Staging.Code, Missing.ConfirmMetastasis.Code];

    /// <summary>Each criterion id and the missing-information codes whose documentation decides it.</summary>
    private static readonly Dictionary<string, string[]> DecidedBy = new(StringComparer.Ordinal)
    {
        ["renal-cell-carcinoma"] = DiagnosisCodes,
        [Policy.LungDiagnosis.Id] = DiagnosisCodes,
        [Policy.CoveredIndication.Id] = DiagnosisCodes,
        [Policy.Laterality.Id] = [Missing.Laterality.Code, Missing.TargetTumor.Code],
        ["localized"] = StagingCodes,
        [Policy.EarlyStage.Id] = StagingCodes,
        ["tumor-size"] = [Missing.TumorSize.Code, Missing.Staging.Code], // a T category can decide the size
        [Policy.NotSurgicalCandidate.Id] = [Missing.SurgicalCandidacy.Code],
        [Policy.PoorSurgicalCandidate.Id] = [Missing.SurgicalCandidacy.Code],
        ["single-kidney"] = ["egfr"],
        ["renal-insufficiency"] = ["egfr"],
        [Policy.ResectionWorsensKidneyFunction.Id] = [Missing.ResectionWorsensKidneyFunction.Code],
        [Policy.NsclcHistology.Id] = [Missing.Histology.Code],
        [Policy.CentralAirwayObstruction.Id] = [Missing.CentralAirwayObstruction.Code],
        [Policy.PairedAblation.Id] = [Missing.AblationProcedure.Code],
    };

    /// <summary>The status to show for <paramref name="criterion"/> of <paramref name="determination"/>.</summary>
    public static CriterionStatus Shown(CoverageDetermination determination, CriterionResult criterion) =>
        criterion.Status == CriterionStatus.Unknown && !CouldChangeTheAnswer(determination, criterion)
            ? CriterionStatus.NotNeeded
            : criterion.Status;

    private static bool CouldChangeTheAnswer(CoverageDetermination determination, CriterionResult criterion)
    {
        if (determination.Outcome != DeterminationOutcome.NeedsInformation)
            return false;
        var asked = determination.Missing.Select(m => m.Code).ToHashSet(StringComparer.Ordinal);
        // An unconfirmed finding may bear on any criterion; a criterion this table does not know stays unknown.
        if (asked.Contains(Missing.ConfirmFinding.Code) || !DecidedBy.TryGetValue(criterion.Id, out var codes))
            return true;
        return codes.Any(asked.Contains);
    }
}
