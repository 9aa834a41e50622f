using System.Text.Json.Nodes;

namespace CryoCdsHooks.Web.Discovery;

/// <summary>A Da Vinci CRD configuration option we obey (davinci-crd.configuration-options).</summary>
public sealed record CrdConfigurationOption(string Code, string Type, string Name, string Description, JsonNode Default);
