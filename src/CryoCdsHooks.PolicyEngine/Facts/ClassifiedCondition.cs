using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>A Condition with its reliability and the side it names (null when none or both).</summary>
public sealed record ClassifiedCondition(Condition Resource, ConditionState State, BodySide? Side)
{
    public Evidence ToEvidence() => new(
        ResourceReading.ReferenceTo(Resource),
        $"{ResourceReading.Describe(Resource.Code)} ({State.ToString().ToLowerInvariant()})",
        ResourceReading.WhenRecorded(Resource));
}
