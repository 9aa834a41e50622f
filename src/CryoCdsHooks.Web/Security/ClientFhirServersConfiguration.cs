using CryoCdsHooks.FhirAccess;
using Microsoft.Extensions.Options;

namespace CryoCdsHooks.Web.Security;

/// <summary>
/// Hands each trusted client's <see cref="TrustedCdsClient.AllowedFhirServers"/> to the FHIR access allowlist.
/// </summary>
internal sealed class ClientFhirServersConfiguration(IOptions<CdsClientOptions> clients)
    : IPostConfigureOptions<FhirAccessOptions>
{
    public void PostConfigure(string? name, FhirAccessOptions options)
    {
        foreach (var client in clients.Value.Clients.Where(c => c.AllowedFhirServers.Count > 0))
        {
            options.ClientAllowedFhirServers[client.Issuer] =
            [
                .. options.ClientAllowedFhirServers.GetValueOrDefault(client.Issuer) ?? [],
                .. client.AllowedFhirServers,
            ];
        }
    }
}
