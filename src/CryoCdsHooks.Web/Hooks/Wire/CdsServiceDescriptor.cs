using System.Text.Json.Serialization;

namespace CryoCdsHooks.Web.Hooks.Wire;

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
