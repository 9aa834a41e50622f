using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>
/// The tumour a size or staging observation must be about: its records, its side, and whether it is alone.
/// <see cref="CountsUnconfirmed"/> also admits preliminary results, only to weigh unconfirmed findings (I-17).
/// </summary>
internal sealed record TumorScope(
    IReadOnlyList<Condition> Tumors,
    BodySide? Side,
    bool IsOnlyTumor,
    bool CountsUnconfirmed = false
)
{
    /// <summary>
    /// Current records at the site the order's reason left out; they can only be this tumour (it is alone).
    /// </summary>
    public IReadOnlyList<Condition> OtherRecordsAtSite { get; init; } = [];

    private HashSet<object>? _named;

    public bool Admits(Observation observation) =>
        ResourceReading.IsFinal(observation)
        || (CountsUnconfirmed && observation.Status == ObservationStatus.Preliminary);

    /// <summary>
    /// Whether one of the tumour's records names the observation (stage.assessment, evidence.detail); resolved once per
    /// scope.
    /// </summary>
    public bool Names(Observation observation, ResourceReferences references)
    {
        _named ??= Tumors
            .SelectMany(t => TumorOwnEvidence.Named(t).Select(r => references.Resolve<Observation>(r, t)))
            .OfType<object>()
            .ToHashSet(ReferenceEqualityComparer.Instance);
        return _named.Contains(observation);
    }
}
