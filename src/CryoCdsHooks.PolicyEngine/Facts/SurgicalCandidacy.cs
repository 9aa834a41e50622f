namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>
/// Whether the patient is a surgical candidate, only from explicit documentation (I-6): attestations and
/// SNOMED 183932001 "Procedure contraindicated". ECOG/Karnofsky are shown as supporting evidence only.
/// </summary>
public sealed record SurgicalCandidacy(bool? IsCandidate, DocumentedJudgement? Decisive, IReadOnlyList<Evidence> SupportingEvidence)
{
    public IReadOnlyList<Evidence> Evidence => [.. Decisive is null ? [] : new[] { Decisive.Evidence }, .. SupportingEvidence];
}
