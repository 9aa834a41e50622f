namespace CryoCdsHooks.FhirAccess;

/// <summary>
/// Required prefetch keys are absent and the request grants no FHIR server access (no fhirServer or no
/// fhirAuthorization). CDS Hooks requires the host to answer 412 Precondition Failed.
/// </summary>
public sealed class PrefetchUnavailableException(IReadOnlyList<string> missingKeys)
    : Exception($"Prefetch keys missing and no FHIR server access was granted: {string.Join(", ", missingKeys)}")
{
    public IReadOnlyList<string> MissingKeys { get; } = missingKeys;
}
