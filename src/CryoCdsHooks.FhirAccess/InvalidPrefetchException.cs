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
