namespace CryoCdsHooks.PolicyEngine.Rules;

/// <summary>Stable codes for what must be documented (<see cref="CoverageDetermination.Missing"/>).</summary>
public static class MissingInformationCodes
{
    public static readonly MissingInformation Diagnosis = new(
        "diagnosis",
        "An active diagnosis of the tumor treated at the ordered site"
    );
    public static readonly MissingInformation ConfirmedDiagnosis = new(
        "confirmed-diagnosis",
        "A confirmed (e.g. biopsy-proven) diagnosis; the current one is provisional or a mass of unknown behavior"
    );
    public static readonly MissingInformation TargetTumor = new(
        "target-tumor",
        "Which tumor the order treats (ServiceRequest.reasonReference, or its side): several tumors qualify"
    );
    public static readonly MissingInformation Laterality = new(
        "laterality",
        "Which side is treated (bodySite or modifier RT / LT): the ordered side is both sides, or differs from the "
            + "tumor's side"
    );
    public static readonly MissingInformation TumorSize = new(
        "tumor-size",
        "Tumor size (LOINC 21889-1 / 33728-7 in cm or mm) or the T category"
    );
    public static readonly MissingInformation Staging = new(
        "staging",
        "AJCC staging (stage group or N and M categories)"
    );
    public static readonly MissingInformation SurgicalCandidacy = new(
        "surgical-candidacy",
        "Whether the individual is a surgical candidate (attestation)"
    );
    public static readonly MissingInformation ResectionWorsensKidneyFunction = new(
        "resection-worsens-kidney-function",
        "Whether resection would substantially worsen kidney function (attestation)"
    );
    public static readonly MissingInformation Histology = new(
        "histology",
        "Lung cancer histology: non-small cell or small cell"
    );
    public static readonly MissingInformation CentralAirwayObstruction = new(
        "central-airway-obstruction",
        "Whether palliation of a central airway obstructing lesion is required (attestation)"
    );
    public static readonly MissingInformation ConfirmMetastasis = new(
        "confirm-metastasis",
        "Whether the metastasis or nodal spread recorded as unconfirmed (provisional / differential Condition, "
            + "preliminary N, M or stage) after the staging is confirmed or refuted"
    );
    public static readonly MissingInformation ConfirmFinding = new(
        "confirm-finding",
        "Whether the unconfirmed finding named in the notes (provisional / differential Condition, preliminary "
            + "result, or a resource set aside for a modifierExtension this service does not understand) is "
            + "confirmed or refuted: it would change the answer"
    );
    public static readonly MissingInformation AblationProcedure = new(
        "ablation-procedure",
        "The ablation procedure (and site) this imaging guidance is for"
    );
}
