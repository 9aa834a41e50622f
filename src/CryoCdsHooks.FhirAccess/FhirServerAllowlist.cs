using Microsoft.Extensions.Options;

namespace CryoCdsHooks.FhirAccess;

/// <summary>Decides which FHIR servers may receive the client's access token.</summary>
public sealed class FhirServerAllowlist(IOptionsMonitor<FhirAccessOptions> options)
{
    /// <summary>True when the token may go to <paramref name="fhirServer"/> (for <paramref name="clientId"/>, if known).</summary>
    public bool IsAllowed(Uri fhirServer, string? clientId)
    {
        // A query or fragment would be dropped when resolving relative queries, moving requests off the
        // allowed path; credentials in the URL have no place next to a bearer token.
        if (!fhirServer.IsAbsoluteUri || fhirServer.UserInfo.Length > 0 || fhirServer.Query.Length > 0 || fhirServer.Fragment.Length > 0)
        {
            return false;
        }

        var current = options.CurrentValue;
        var isHttp = fhirServer.Scheme == Uri.UriSchemeHttp || fhirServer.Scheme == Uri.UriSchemeHttps;
        if (current.AllowLoopback && fhirServer.IsLoopback)
        {
            return isHttp;
        }

        // The token is a bearer credential: plain http would expose it (and CDS Hooks requires https for real data).
        if (fhirServer.Scheme != Uri.UriSchemeHttps)
        {
            return false;
        }

        IEnumerable<string> prefixes = current.AllowedFhirServers;
        if (clientId is not null && current.ClientAllowedFhirServers.TryGetValue(clientId, out var clientPrefixes))
        {
            prefixes = prefixes.Concat(clientPrefixes);
        }

        return prefixes.Any(prefix => IsUnder(new Uri(prefix, UriKind.Absolute), fhirServer));
    }

    /// <summary>The server as a base for relative URLs: with a trailing slash, relative paths resolve below its
    /// path instead of replacing its last segment.</summary>
    public static Uri AsBase(Uri fhirServer) =>
        fhirServer.AbsoluteUri.EndsWith('/') ? fhirServer : new Uri(fhirServer.AbsoluteUri + "/");

    /// <summary>
    /// True when <paramref name="candidate"/> is <paramref name="baseUrl"/> or below it: same scheme, host, port,
    /// and the base path as whole leading segments (so <c>/fhir</c> does not cover <c>/fhir-other</c>).
    /// </summary>
    public static bool IsUnder(Uri baseUrl, Uri candidate)
    {
        if (!candidate.IsAbsoluteUri
            || !string.Equals(baseUrl.Scheme, candidate.Scheme, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(baseUrl.IdnHost, candidate.IdnHost, StringComparison.OrdinalIgnoreCase)
            || baseUrl.Port != candidate.Port)
        {
            return false;
        }

        var basePath = baseUrl.AbsolutePath.TrimEnd('/') + "/";
        var candidatePath = candidate.AbsolutePath.TrimEnd('/') + "/";
        return candidatePath.StartsWith(basePath, StringComparison.Ordinal);
    }
}
