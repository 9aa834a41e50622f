using System.Text.Json.Serialization;

namespace CryoCdsHooks.Web.Hooks.Wire;

/// <summary>Da Vinci CRD discovery extensions: the CRD version and the configuration options we obey.</summary>
public sealed record CdsServiceExtension(
    [property: JsonPropertyName("davinci-crd.version")] IReadOnlyList<string> CrdVersions,
    [property: JsonPropertyName("davinci-crd.configuration-options")]
        IReadOnlyList<CrdConfigurationOptionDescriptor> ConfigurationOptions
);
