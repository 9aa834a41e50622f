namespace CryoCdsHooks.FhirAccess;

/// <summary>
/// One of a hook's own prefetch keys (appointment-book <c>appointments</c>, order-dispatch <c>performer</c>, ...)
/// with its template already resolved from the hook's context: fetched from the FHIR server, like the shared keys,
/// when the client did not prefetch it, but never demanded with a 412. <see cref="Query"/> is relative to the
/// FHIR server base and may still hold <c>{{context.patientId}}</c> / <c>{{context.encounterId}}</c>.
/// </summary>
public sealed record HookKeyQuery(string Key, string Query, Type ResourceType, bool IsRead);
