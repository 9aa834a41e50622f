namespace CryoCdsHooks.PolicyEngine.Terminology;

/// <summary>Codes of the attestation CodeSystem (docs/data-conventions.md).</summary>
public static class AttestationCodes
{
    public const string NotSurgicalCandidate = "not-surgical-candidate";
    public const string SurgicalCandidate = "surgical-candidate";
    public const string ResectionWorsensKidneyFunction = "resection-worsens-kidney-function";
    public const string CentralAirwayObstruction = "central-airway-obstruction";
    public const string SingleKidney = "single-kidney";
}
