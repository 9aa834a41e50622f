using System.Text.Json;

namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>
/// What an Encounter's class says: an admission, a visit without one, or an emergency visit (which may lead to one).
/// </summary>
public enum EncounterKind
{
    Inpatient,
    Outpatient,
    Emergency,
}
