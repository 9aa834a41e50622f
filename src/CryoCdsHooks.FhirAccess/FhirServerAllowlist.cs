using Microsoft.Extensions.Options;

namespace CryoCdsHooks.FhirAccess;

/// <summary>Decides which FHIR servers may receive the client's access token.</summary>
public sealed class FhirServerAllowlist(IOptionsMonitor<FhirAccessOptions> options)
{
    /// <summary>
    /// True when the token may go to <paramref name="fhirServer"/> (for <paramref name="clientId"/>, if known).
    /// </summary>
    public bool IsAllowed(Uri fhirServer, string? clientId)
    {
        // A query or fragment would be dropped when resolving relative queries, moving requests off the
        // allowed path; credentials in the URL have no place next to a bearer token.
        if (
            !fhirServer.IsAbsoluteUri
            || fhirServer.UserInfo.Length > 0
            || fhirServer.Query.Length > 0
            || fhirServer.Fragment.Length > 0
        )
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
    /// Percent-decodings undone before a path is judged: more layers than this are refused, not guessed at.
    /// </summary>
    private const int MaxDecodings = 4;

    /// <summary>
    /// Resolves a URL the service is about to fetch (a query of its own or a next link a server or client wrote)
    /// against <paramref name="relativeTo"/>, or null when it must not be sent: outside <paramref name="baseUrl"/>,
    /// with credentials, with a control character anywhere or a backslash in its path, or a path that, decoded once
    /// or repeatedly (<c>%252F</c>), gains a slash or backslash, a control character or a dot segment. A server or
    /// proxy that decodes such a path would route it elsewhere on the host, away from the allowed base.
    /// </summary>
    public static Uri? ResolveUnder(Uri baseUrl, Uri relativeTo, string link)
    {
        var pathEnd = link.IndexOfAny(['?', '#']);
        if (
            link.Any(char.IsControl)
            || link.AsSpan(0, pathEnd < 0 ? link.Length : pathEnd).Contains('\\')
            || !Uri.TryCreate(relativeTo, link, out var url)
            || url.UserInfo.Length > 0
            || !IsUnder(baseUrl, url)
            || !IsPlainAfterDecoding(url.AbsolutePath, isPath: true)
            || !IsPlainAfterDecoding(url.Query, isPath: false)
        )
        {
            return null;
        }

        return url;
    }

    private static bool IsPlainAfterDecoding(string escaped, bool isPath)
    {
        var separators = escaped.Count(c => c is '/' or '\\');
        var text = escaped;
        for (var decodings = 0; ; decodings++)
        {
            var decoded = Uri.UnescapeDataString(text);
            if (decoded.Any(char.IsControl))
                return false;
            // In a path a decoded slash moves segments; in a query it is only data (e.g. subject=Patient%2F1).
            if (isPath && decoded.Count(c => c is '/' or '\\') != separators)
                return false;
            if (decoded == text)
                break;
            if (decodings == MaxDecodings)
                return false;
            text = decoded;
        }

        return !isPath || !text.Split('/').Any(segment => segment is "." or "..");
    }

    /// <summary>
    /// True when <paramref name="candidate"/> is <paramref name="baseUrl"/> or below it: same scheme, host, port,
    /// and the base path as whole leading segments (so <c>/fhir</c> does not cover <c>/fhir-other</c>).
    /// </summary>
    public static bool IsUnder(Uri baseUrl, Uri candidate)
    {
        if (
            !candidate.IsAbsoluteUri
            || !string.Equals(baseUrl.Scheme, candidate.Scheme, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(baseUrl.IdnHost, candidate.IdnHost, StringComparison.OrdinalIgnoreCase)
            || baseUrl.Port != candidate.Port
        )
        {
            return false;
        }

        var basePath = baseUrl.AbsolutePath.TrimEnd('/') + "/";
        var candidatePath = candidate.AbsolutePath.TrimEnd('/') + "/";
        return candidatePath.StartsWith(basePath, StringComparison.Ordinal);
    }
}
