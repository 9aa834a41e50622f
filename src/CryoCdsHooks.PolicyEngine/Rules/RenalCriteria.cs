using CryoCdsHooks.PolicyEngine.Facts;
using CryoCdsHooks.PolicyEngine.Versions;

namespace CryoCdsHooks.PolicyEngine.Rules;

/// <summary>
/// The kidney criteria of Medical Policy 260 and the texts that quote the edition's numbers (size limit, GFR
/// threshold, eGFR window): one place for both, so an edition with another number says that number on its cards.
/// </summary>
internal sealed class RenalCriteria(PolicyNumbers numbers)
{
    private readonly string _centimetres = ResourceReading.Format(numbers.MaximumTumorCentimetres);
    private readonly string _gfr = ResourceReading.Format(numbers.GfrBelow);

    private string RccStatement =>
        "Cryosurgical ablation may be considered MEDICALLY NECESSARY to treat localized renal cell carcinoma that "
        + $"is no more than {_centimetres} cm in size";
    private string PreservationBullet =>
        "Preservation of kidney function is necessary (ie, the individual has 1 kidney or renal insufficiency "
        + $"defined by a GFR of less than {_gfr} mL/min per m²)";

    public PolicyCriterion KidneyDiagnosis =>
        new("renal-cell-carcinoma", "Confirmed, active renal cell carcinoma is the treated tumor", RccStatement);
    public PolicyCriterion Localized =>
        new("localized", "The tumor is localized (N0 and M0, or stage I-II, no metastases)", RccStatement);
    public PolicyCriterion TumorSize => new("tumor-size", $"The tumor is no more than {_centimetres} cm", RccStatement);
    public PolicyCriterion SingleKidney => new("single-kidney", "The individual has one kidney", PreservationBullet);
    public PolicyCriterion RenalInsufficiency =>
        new(
            "renal-insufficiency",
            $"Renal insufficiency: GFR < {_gfr} mL/min/1.73 m² (recent eGFR, else coded CKD 3-5)",
            PreservationBullet
        );

    public MissingInformation Egfr =>
        new("egfr", $"An eGFR from the {numbers.EgfrLookbackDays} days before the order (or a coded CKD stage 3-5)");

    public string LargerThanLimit =>
        $"Renal cell carcinoma larger than {_centimetres} cm is outside the policy's covered indication.";
    public string CoveredNotCandidate =>
        $"Localized renal cell carcinoma of {_centimetres} cm or less in a patient who is not a surgical candidate.";
    public string CoveredPreservation =>
        $"Localized renal cell carcinoma of {_centimetres} cm or less; kidney function must be preserved and "
        + "resection would worsen it.";
    public string PreservationRoute =>
        $"Kidney function must be preserved (one kidney or GFR below {_gfr}) and resection would worsen it";
}
