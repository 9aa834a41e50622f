namespace CryoCdsHooks.PolicyEngine.Rules;

/// <summary>
/// The criteria of Medical Policy 260 that quote no number (clauses from the 9/2024 text); the kidney criteria quote
/// the edition's numbers and live in <see cref="RenalCriteria"/>.
/// </summary>
public static class PolicyCriteria
{
    private const string LungStatement =
        "Cryosurgical ablation may be considered MEDICALLY NECESSARY to treat lung cancer when either of the "
        + "following criteria is met";
    private const string EarlyNsclcBullet =
        "The individual has early-stage non-small cell lung cancer and is a poor surgical candidate";
    private const string InvestigationalStatement =
        "Cryosurgical ablation is considered INVESTIGATIONAL as a treatment for benign or malignant tumors of the "
        + "breast, lung (other than defined above), pancreas, or bone and other solid tumors or metastases outside "
        + "the liver and prostate and to treat renal cell carcinomas in individuals who are surgical candidates.";

    public static readonly PolicyCriterion Laterality = new(
        "laterality",
        "The tumor is on the ordered side",
        "The criteria apply to the tumor being treated (ServiceRequest.bodySite vs the tumor's coded side)"
    );
    public static readonly PolicyCriterion NotSurgicalCandidate = new(
        "not-surgical-candidate",
        "The individual is not a surgical candidate",
        "The individual is not considered a surgical candidate."
    );
    public static readonly PolicyCriterion ResectionWorsensKidneyFunction = new(
        "resection-worsens-kidney-function",
        "Resection of renal tissue is likely to worsen kidney function substantially",
        "and standard surgical approach (ie, resection of renal tissue) is likely to worsen kidney function "
            + "substantially"
    );

    public static readonly PolicyCriterion LungDiagnosis = new(
        "primary-lung-cancer",
        "Confirmed, active primary lung cancer (not a metastasis) is the treated tumor",
        LungStatement
    );
    public static readonly PolicyCriterion CentralAirwayObstruction = new(
        "central-airway-obstruction",
        "The individual requires palliation for a central airway obstructing lesion",
        "The individual requires palliation for a central airway obstructing lesion."
    );
    public static readonly PolicyCriterion NsclcHistology = new(
        "non-small-cell-histology",
        "The lung cancer is non-small cell",
        EarlyNsclcBullet
    );
    public static readonly PolicyCriterion EarlyStage = new(
        "early-stage",
        "Early stage: AJCC stage I-II, no M1",
        EarlyNsclcBullet
    );
    public static readonly PolicyCriterion PoorSurgicalCandidate = new(
        "poor-surgical-candidate",
        "The individual is a poor surgical candidate",
        EarlyNsclcBullet
    );

    public static readonly PolicyCriterion CoveredIndication = new(
        "covered-indication",
        "The tumor type has a medically necessary indication in the policy",
        InvestigationalStatement
    );
    public static readonly PolicyCriterion PairedAblation = new(
        "paired-ablation",
        "An ablation covered by the policy is ordered with this guidance code",
        "The above medical necessity criteria MUST be met for the following codes to be covered: 76940, 77013, 77022"
    );
}
