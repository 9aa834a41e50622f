using CryoCdsHooks.FhirAccess;
using Microsoft.Extensions.Options;

namespace CryoCdsHooks.Web.Smart;

/// <summary>
/// Which servers the SMART app may talk to. The launch <c>iss</c> must pass the same allowlist as hook
/// <c>fhirServer</c>s before anything is fetched, redirected or sent; the authorization server's endpoints (found in
/// the iss's smart-configuration) must be https (or loopback when allowed).
/// </summary>
internal sealed class SmartServerPolicy(FhirServerAllowlist allowlist, IOptionsMonitor<FhirAccessOptions> options)
{
    /// <summary>A launch carries no CDS client identity, so only the client-independent allowlist applies.</summary>
    public bool IsAllowedFhirServer(Uri iss) => allowlist.IsAllowed(iss, clientId: null);

    /// <summary>An authorization or token endpoint: https, or http on loopback when loopback is allowed.</summary>
    public bool IsAcceptableEndpoint(Uri endpoint) =>
        endpoint.IsAbsoluteUri
        && endpoint.UserInfo.Length == 0
        && endpoint.Fragment.Length == 0
        && (
            endpoint.Scheme == Uri.UriSchemeHttps
            || (endpoint.Scheme == Uri.UriSchemeHttp && endpoint.IsLoopback && options.CurrentValue.AllowLoopback)
        );
}
