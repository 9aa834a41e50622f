using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>
/// The tumour a size or staging observation must be about: its records, its side, and whether it is alone.
/// <see cref="CountsUnconfirmed"/> also admits preliminary results, only to weigh unconfirmed findings (I-17).
/// </summary>
internal sealed record TumorScope(IReadOnlyList<Condition> Tumors, BodySide? Side, bool IsOnlyTumor, bool CountsUnconfirmed = false)
{
    public bool Admits(Observation observation) =>
        ResourceReading.IsFinal(observation) || (CountsUnconfirmed && observation.Status == ObservationStatus.Preliminary);
}
