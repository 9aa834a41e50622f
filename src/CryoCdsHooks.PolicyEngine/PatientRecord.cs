using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine;

/// <summary>
/// Everything the policy engine may look at for one patient, already gathered from prefetch or the FHIR server.
/// Collections hold every resource found; the engine filters by status, code and date itself.
/// </summary>
public sealed record PatientRecord
{
    public Patient? Patient { get; init; }
    public IReadOnlyList<Condition> Conditions { get; init; } = [];
    public IReadOnlyList<Observation> Observations { get; init; } = [];
    public IReadOnlyList<Procedure> Procedures { get; init; } = [];
    public Encounter? Encounter { get; init; }
    public Coverage? Coverage { get; init; }
}
