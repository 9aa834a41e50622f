using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace CryoCdsHooks.Web.Security;

/// <summary>
/// Lets <c>Jwks</c> be written as a JSON object in appsettings: configuration flattens it into child keys,
/// which are turned back into JSON text here (every JWK member is a string or an array of strings).
/// </summary>
internal sealed class InlineJwksConfiguration(IConfiguration configuration) : IPostConfigureOptions<CdsClientOptions>
{
    public void PostConfigure(string? name, CdsClientOptions options)
    {
        var clients = configuration
            .GetSection(CdsClientOptions.Section)
            .GetSection(nameof(CdsClientOptions.Clients))
            .GetChildren()
            .ToList();
        for (var i = 0; i < clients.Count && i < options.Clients.Count; i++)
        {
            var jwks = clients[i].GetSection(nameof(TrustedCdsClient.Jwks));
            if (jwks.GetChildren().Any())
                options.Clients[i].Jwks = ToJson(jwks)!.ToJsonString();
        }
    }

    private static JsonNode? ToJson(IConfigurationSection section)
    {
        var children = section.GetChildren().ToList();
        if (children.Count == 0)
            return JsonValue.Create(section.Value);
        // Binding sorts array items as strings ("10" before "2"), so order them by index.
        if (children.All(c => int.TryParse(c.Key, out _)))
        {
            return new JsonArray(children.OrderBy(c => int.Parse(c.Key)).Select(ToJson).ToArray());
        }
        var json = new JsonObject();
        foreach (var child in children)
            json[child.Key] = ToJson(child);
        return json;
    }
}
