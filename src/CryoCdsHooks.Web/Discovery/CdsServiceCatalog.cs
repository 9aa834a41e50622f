using System.Text.Json.Nodes;

namespace CryoCdsHooks.Web.Discovery;

/// <summary>The services we publish on discovery and accept calls for.</summary>
public static class CdsServiceCatalog
{
    public const string CrdVersion = "2.2";

    public static readonly CdsServiceDefinition OrderSelect = new(
        "cryoablation-order-select", "order-select",
        "Cryoablation coverage (BCBSMA policy 260) at order selection",
        "Checks a selected cryoablation order (kidney, lung, breast, bone) against Blue Cross Blue Shield of Massachusetts Medical Policy 260 and returns coverage, prior authorization and alternatives.");

    public static readonly CdsServiceDefinition OrderSign = new(
        "cryoablation-order-sign", "order-sign",
        "Cryoablation coverage (BCBSMA policy 260) at order signing",
        "Checks every draft cryoablation order against Blue Cross Blue Shield of Massachusetts Medical Policy 260 and returns coverage, prior authorization, documentation needs and alternatives.");

    public static readonly IReadOnlyList<CdsServiceDefinition> Services = [OrderSelect, OrderSign];

    public static readonly IReadOnlyList<CrdConfigurationOption> ConfigurationOptions =
    [
        new(CrdConfigurationCodes.CoverageCard, "boolean", "Coverage card",
            "Return a card explaining the coverage determination criterion by criterion, with evidence.", JsonValue.Create(true)),
        new(CrdConfigurationCodes.AlternativesCard, "boolean", "Alternatives card",
            "Return a card suggesting alternative procedures when cryoablation is not covered or needs information.", JsonValue.Create(true)),
        new(CrdConfigurationCodes.MaxCards, "integer", "Maximum cards",
            "The largest number of cards returned in one response.", JsonValue.Create(10)),
    ];

    public static CdsServiceDefinition? Find(string id) =>
        Services.FirstOrDefault(s => s.Id.Equals(id, StringComparison.Ordinal));

    public static JsonObject ToDiscoveryDocument(IReadOnlyDictionary<string, string> prefetchTemplates) => new()
    {
        ["services"] = new JsonArray(Services.Select(s => (JsonNode)new JsonObject
        {
            ["hook"] = s.Hook,
            ["id"] = s.Id,
            ["title"] = s.Title,
            ["description"] = s.Description,
            ["prefetch"] = new JsonObject(prefetchTemplates.Select(t =>
                KeyValuePair.Create(t.Key, (JsonNode?)JsonValue.Create(t.Value)))),
            ["extension"] = new JsonObject
            {
                ["davinci-crd.version"] = new JsonArray(CrdVersion),
                ["davinci-crd.configuration-options"] = new JsonArray(ConfigurationOptions.Select(o => (JsonNode)new JsonObject
                {
                    ["code"] = o.Code, ["type"] = o.Type, ["name"] = o.Name, ["description"] = o.Description,
                    ["default"] = o.Default.DeepClone(),
                }).ToArray()),
            },
        }).ToArray()),
    };
}
