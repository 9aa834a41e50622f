namespace CryoCdsHooks.FhirAccess;

/// <summary>
/// A prefetch value is not valid FHIR JSON. The host answers 400. The message names the key and the parser's
/// error codes and element paths, never resource content.
/// </summary>
public sealed class InvalidPrefetchException(string prefetchKey, string parserError)
    : Exception($"Prefetch key '{prefetchKey}' is not valid FHIR JSON: {parserError}")
{
    public string PrefetchKey { get; } = prefetchKey;
}

/// <summary>
/// Required prefetch keys are absent and the request grants no FHIR server access (no fhirServer or no
/// fhirAuthorization). CDS Hooks requires the host to answer 412 Precondition Failed.
/// </summary>
public sealed class PrefetchUnavailableException(IReadOnlyList<string> missingKeys)
    : Exception($"Prefetch keys missing and no FHIR server access was granted: {string.Join(", ", missingKeys)}")
{
    public IReadOnlyList<string> MissingKeys { get; } = missingKeys;
}

/// <summary>
/// Data had to be fetched but the request's fhirServer is not on the allowlist (or is not https).
/// No request was sent to it. The host answers 400.
/// </summary>
public sealed class FhirServerNotAllowedException(Uri fhirServer)
    : Exception($"The fhirServer '{Describe(fhirServer)}' is not allowed for this client.")
{
    private static string Describe(Uri server) =>
        server.IsAbsoluteUri ? server.GetLeftPart(UriPartial.Authority) : "(relative URL)";
}
