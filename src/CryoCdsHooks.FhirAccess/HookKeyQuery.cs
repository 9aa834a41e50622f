using Hl7.Fhir.Model;

namespace CryoCdsHooks.FhirAccess;

/// <summary>
/// One of a hook's own prefetch keys (appointment-book <c>appointments</c>, order-dispatch <c>performer</c>, ...)
/// with its template already resolved from the hook's context. The loader reads it from prefetch by the same rule
/// as the record's keys and fetches it from the FHIR server, like them, when the client did not prefetch it or sent
/// an OperationOutcome for it, but never demands it with a 412. <see cref="Query"/> is relative to the FHIR server
/// base and may still hold <c>{{context.patientId}}</c> / <c>{{context.encounterId}}</c>; null when nothing may be
/// fetched for the key (its context values are missing, or name another server): a prefetched value is still read.
/// </summary>
/// <param name="Follow">
/// The references of the key's resources (and of those included with them) that the hook reads too, e.g. a
/// PractitionerRole's locations and organization: the ones neither prefetch nor the search gave are read from the
/// FHIR server, a few per call (<see cref="PatientRecordLoader"/>).
/// </param>
public sealed record HookKeyQuery(
    string Key,
    string? Query,
    Type ResourceType,
    bool IsRead,
    Func<Resource, IEnumerable<ResourceReference?>>? Follow = null
);
