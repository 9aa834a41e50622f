namespace CryoCdsHooks.FhirAccess;

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
