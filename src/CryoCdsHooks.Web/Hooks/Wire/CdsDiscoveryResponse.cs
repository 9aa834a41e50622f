using System.Text.Json.Serialization;

namespace CryoCdsHooks.Web.Hooks.Wire;

/// <summary>The CDS Hooks discovery response (GET /cds-services).</summary>
public sealed record CdsDiscoveryResponse(IReadOnlyList<CdsServiceDescriptor> Services)
{
    public string ToJsonString() =>
        System.Text.Json.JsonSerializer.Serialize(this, CdsHooksJsonContext.Default.CdsDiscoveryResponse);
}
