using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>
/// A Condition with its reliability and the side it names (null when none or both). <see cref="Unconfirmed"/> marks
/// a suspected Condition counted as current only to see whether confirming it would change the answer (I-17).
/// </summary>
public sealed record ClassifiedCondition(
    Condition Resource,
    ConditionState State,
    BodySide? Side,
    bool Unconfirmed = false
)
{
    public Evidence ToEvidence() =>
        new(
            ResourceReading.ReferenceTo(Resource),
            $"{ResourceReading.Describe(Resource.Code)} "
                + $"({(Unconfirmed ? "unconfirmed" : State.ToString().ToLowerInvariant())})",
            ResourceReading.WhenRecorded(Resource)
        );
}
