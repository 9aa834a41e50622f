using System.Text.Json.Serialization;

namespace CryoCdsHooks.Web.Hooks.Wire;

/// <summary>The CDS Hooks discovery response (GET /cds-services).</summary>
public sealed record CdsDiscoveryResponse(IReadOnlyList<CdsServiceDescriptor> Services)
{
    public string ToJsonString() =>
        System.Text.Json.JsonSerializer.Serialize(this, CdsHooksJsonContext.Default.CdsDiscoveryResponse);
}

/// <summary>
/// One service of the discovery response, with its prefetch templates and the CRD discovery extensions.
/// </summary>
public sealed record CdsServiceDescriptor(
    string Hook,
    string Id,
    string Title,
    string Description,
    IReadOnlyDictionary<string, string> Prefetch,
    CdsServiceExtension Extension
);

/// <summary>Da Vinci CRD discovery extensions: the CRD version and the configuration options we obey.</summary>
public sealed record CdsServiceExtension(
    [property: JsonPropertyName("davinci-crd.version")] IReadOnlyList<string> CrdVersions,
    [property: JsonPropertyName("davinci-crd.configuration-options")]
        IReadOnlyList<CrdConfigurationOptionDescriptor> ConfigurationOptions
);

/// <summary>A Da Vinci CRD configuration option we obey; <see cref="Default"/> is a boolean or an integer.</summary>
public sealed record CrdConfigurationOptionDescriptor(
    string Code,
    string Type,
    string Name,
    string Description,
    System.Text.Json.JsonElement Default
);
