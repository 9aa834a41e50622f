namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>
/// Whether the patient is a surgical candidate, only from explicit documentation (I-6): attestations and
/// SNOMED 183932001 "Procedure contraindicated". ECOG/Karnofsky are shown as supporting evidence only.
/// </summary>
public sealed record SurgicalCandidacy(LatestJudgement Documented, IReadOnlyList<Evidence> SupportingEvidence)
{
    /// <summary>Null when nothing documents it, or the latest day's documentation contradicts itself.</summary>
    public bool? IsCandidate => Documented.Value;

    public IReadOnlyList<Evidence> Evidence => [.. Documented.Evidence, .. SupportingEvidence];
}
