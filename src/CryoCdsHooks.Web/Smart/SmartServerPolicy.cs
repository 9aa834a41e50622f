using CryoCdsHooks.FhirAccess;
using Microsoft.Extensions.Options;

namespace CryoCdsHooks.Web.Smart;

/// <summary>
/// Which servers the SMART app may talk to. The launch <c>iss</c> must pass the same allowlist as hook
/// <c>fhirServer</c>s (<see cref="FhirAccessOptions.AllowedFhirServers"/>, loopback when
/// <see cref="FhirAccessOptions.AllowLoopback"/>) before anything is fetched, redirected or sent; the
/// authorization server's endpoints (found in the iss's smart-configuration) must be https (or loopback when allowed).
/// </summary>
/// <remarks>
/// Same rules as <c>CryoCdsHooks.FhirAccess.FhirServerAllowlist</c> (internal to that assembly), read from the
/// same options without a client id. The record loader re-checks the iss with the real allowlist on every load.
/// </remarks>
internal sealed class SmartServerPolicy(IOptionsMonitor<FhirAccessOptions> options)
{
    public bool IsAllowedFhirServer(Uri iss)
    {
        if (!iss.IsAbsoluteUri || iss.UserInfo.Length > 0 || iss.Query.Length > 0 || iss.Fragment.Length > 0) return false;

        var current = options.CurrentValue;
        var isHttp = iss.Scheme == Uri.UriSchemeHttp || iss.Scheme == Uri.UriSchemeHttps;
        if (current.AllowLoopback && iss.IsLoopback) return isHttp;
        if (iss.Scheme != Uri.UriSchemeHttps) return false;
        return current.AllowedFhirServers.Any(prefix => IsUnder(new Uri(prefix, UriKind.Absolute), iss));
    }

    /// <summary>An authorization or token endpoint: https, or http on loopback when loopback is allowed.</summary>
    public bool IsAcceptableEndpoint(Uri endpoint) =>
        endpoint.IsAbsoluteUri && endpoint.UserInfo.Length == 0 && endpoint.Fragment.Length == 0
        && (endpoint.Scheme == Uri.UriSchemeHttps
            || (endpoint.Scheme == Uri.UriSchemeHttp && endpoint.IsLoopback && options.CurrentValue.AllowLoopback));

    private static bool IsUnder(Uri baseUrl, Uri candidate)
    {
        if (!string.Equals(baseUrl.Scheme, candidate.Scheme, StringComparison.OrdinalIgnoreCase)
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
