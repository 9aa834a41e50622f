using System.Text.Json.Serialization;

namespace CryoCdsHooks.Web.Hooks.Wire;

/// <summary>A Da Vinci CRD configuration option we obey; <see cref="Default"/> is a boolean or an integer.</summary>
public sealed record CrdConfigurationOptionDescriptor(
    string Code,
    string Type,
    string Name,
    string Description,
    System.Text.Json.JsonElement Default
);
