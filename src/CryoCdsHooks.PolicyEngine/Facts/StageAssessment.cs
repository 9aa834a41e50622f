namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>
/// The staging of the target tumour: the latest AJCC stage group and T/N/M categories, active metastases, and
/// <see cref="Range"/>, the stage groups the newest evidence allows (see <see cref="StagingExtractor"/>).
/// </summary>
public sealed record StageAssessment(
    StagingValue? Group,
    StagingValue? T,
    StagingValue? N,
    StagingValue? M,
    StageRange? Range,
    IReadOnlyList<ClassifiedCondition> Metastases,
    IReadOnlyDictionary<StagingAxis, Evidence> EvidenceByAxis,
    IReadOnlyList<string> Notes
)
{
    public IReadOnlyList<Evidence> Evidence => [.. EvidenceByAxis.Values, .. Metastases.Select(m => m.ToEvidence())];

    public IReadOnlyList<Evidence> EvidenceFor(StagingAxis axis) =>
        EvidenceByAxis.TryGetValue(axis, out var evidence) ? [evidence] : [];

    /// <summary>
    /// RCC "localized": stage I-II (recorded, or derived from T/N/M), or N0 and M0 with no T recorded (I-8, the
    /// size criterion covers the extent). Stage III-IV (T3/T4, N1, M1) or an active secondary malignancy mean not
    /// localized. Null when nothing says either way.
    /// </summary>
    public bool? IsLocalized =>
        Metastases.Count > 0 ? false
        : Range is { Min: >= 1, Max: <= 2 } ? true
        : Range is { Min: >= 3 } ? false
        : T is null && N is { Number: 0 } && M is { Number: 0 } ? true
        : null;

    /// <summary>
    /// Kidney T category as a size fallback: true for T1a (≤ 4 cm), false for T1b and above, else null.
    /// </summary>
    public bool? IsKidneyT1a =>
        T switch
        {
            { Number: 1, Subcategory: "a" } => true,
            { Number: 1, Subcategory: "b" or "c" } or { Number: >= 2 } => false,
            _ => null,
        };

    /// <summary>
    /// I-4: early stage = AJCC stage I-II (IA1..IIB); III-IV or active metastases are not. Stage 0 is neither.
    /// </summary>
    public bool? IsEarlyStageLung =>
        Metastases.Count > 0 ? false
        : Range is { Min: >= 1, Max: <= 2 } ? true
        : Range is { Min: >= 3 } ? false
        : null;

    /// <summary>Stage 0 (Tis N0 M0): carcinoma in situ.</summary>
    public bool IsInSitu => Metastases.Count == 0 && Range is { Min: 0, Max: 0 };
}
