namespace CryoCdsHooks.FhirAccess;

/// <summary>
/// One prefetch key: its template, the resource type it yields and whether it is a read (one resource).
/// Keys the policy does not read (<see cref="NeededByPolicy"/> false) are fetched when a FHIR server is at hand
/// but never demanded with a 412: CRD clients expect a <c>patient</c> key, yet no criterion depends on it.
/// </summary>
internal sealed record PrefetchKeyDefinition(
    string Key,
    string Template,
    Type ResourceType,
    bool IsRead,
    bool NeededByPolicy = true
);
