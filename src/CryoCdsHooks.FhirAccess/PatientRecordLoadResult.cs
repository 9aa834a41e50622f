using CryoCdsHooks.PolicyEngine;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.FhirAccess;

/// <summary>
/// The gathered record plus the keys that could not be (fully) loaded, and <see cref="Notes"/>: deviations read
/// past (empty or null members, search notices, unknown entry types), for the audit record. Notes hold no PHI.
/// </summary>
/// <param name="QueriedKeys">Prefetch keys that were (or were tried to be) read from the FHIR server with the access
/// token.</param>
public sealed record PatientRecordLoadResult(
    PatientRecord Record,
    IReadOnlyList<DataProblem> Problems,
    IReadOnlyCollection<string>? QueriedKeys = null
)
{
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>
    /// The hook's own keys read from the FHIR server (<see cref="HookDataRequest.HookKeys"/>): key → the resources
    /// found and those <c>_include</c>d with them.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Resource>> HookKeys { get; init; } =
        new Dictionary<string, IReadOnlyList<Resource>>();
}
