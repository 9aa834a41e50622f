namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>The latest AJCC stage group and T/N/M categories, plus active metastases, for the target tumour.</summary>
public sealed record StageAssessment(
    StagingValue? Group,
    StagingValue? T,
    StagingValue? N,
    StagingValue? M,
    IReadOnlyList<ClassifiedCondition> Metastases,
    IReadOnlyDictionary<StagingAxis, Evidence> EvidenceByAxis)
{
    public IReadOnlyList<Evidence> Evidence => [.. EvidenceByAxis.Values, .. Metastases.Select(m => m.ToEvidence())];

    public IReadOnlyList<Evidence> EvidenceFor(StagingAxis axis) =>
        EvidenceByAxis.TryGetValue(axis, out var evidence) ? [evidence] : [];

    private bool HasDistantSpread => M is { Number: >= 1 } || Metastases.Count > 0;

    /// <summary>
    /// RCC "localized": N0 and M0, or stage I–II. N+, M1, stage III–IV or an active secondary malignancy
    /// mean not localized (these win over localized signals). Null when nothing says either way (strict I-8).
    /// </summary>
    public bool? IsLocalized =>
        HasDistantSpread || N is { Number: >= 1 } || Group is { Number: >= 3 } ? false
        : (N is { Number: 0 } && M is { Number: 0 }) || Group is { Number: <= 2 } ? true
        : null;

    /// <summary>Kidney T-category fallback for size: T1a means ≤ 4 cm; T1b and above mean more.</summary>
    public bool? KidneyTumorWithinFourCm => T switch
    {
        { Number: 1, Subcategory: "a" } => true,
        { Number: 1, Subcategory: "b" or "c" } or { Number: >= 2 } => false,
        _ => null,
    };

    /// <summary>Lung stage group as recorded, else derived from TNM (AJCC 8); M1 or active metastases mean IV.</summary>
    public int? LungStageGroup
    {
        get
        {
            if (HasDistantSpread)
                return 4;
            if (Group is not null)
                return Group.Number;
            if (N is { Number: >= 2 } || T is { Number: 4 } || (T is { Number: 3 } && N is { Number: 1 }))
                return 3;
            if (T is null || N is null || M is null)
                return null;
            return T.Number == 3 || N.Number == 1 ? 2 : 1;
        }
    }

    /// <summary>I-4: early stage = AJCC stage I–II (IA1..IIB).</summary>
    public bool? IsEarlyStageLung => LungStageGroup is { } group ? group <= 2 : null;
}
