namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>
/// The tumour an order treats. <see cref="Conditions"/> are the records of that one tumour (the same tumour is
/// often recorded twice: problem list and encounter diagnosis). <see cref="IsOnlyTumor"/> is true when the record
/// holds no other tumour at the site, so observations not tied to any tumour may be read as about this one.
/// <see cref="SeveralTumorsOnOneSide"/>: records of one side whose own results differ, so they are several tumours.
/// <see cref="Notes"/> say how the target was found when the card should tell (the order's reason was a symptom).
/// </summary>
public sealed record TumorTargets(
    IReadOnlyList<ClassifiedCondition> Conditions,
    bool ChosenByOrderReason,
    BodySide? OrderSide,
    bool LateralityConflict,
    bool BilateralOrder,
    bool SeveralPossibleTargets,
    bool SeveralTumorsOnOneSide,
    bool IsOnlyTumor,
    IReadOnlyList<Evidence> LateralityEvidence,
    IReadOnlyList<string> Notes
)
{
    /// <summary>Current records at the site, not chosen (the order's reason named others), on no other side.</summary>
    public IReadOnlyList<ClassifiedCondition> UnchosenAtSite { get; init; } = [];

    /// <summary>The side of the target tumour: the ordered side, else the one side its records name.</summary>
    public BodySide? Side => OrderSide ?? SingleSide(Conditions);

    internal static BodySide? SingleSide(IEnumerable<ClassifiedCondition> conditions) =>
        conditions.Select(c => c.Side).OfType<BodySide>().Distinct().ToList() is [var only] ? only : null;
}
