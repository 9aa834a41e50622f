using System.Text.Json;
using CryoCdsHooks.Web.Hooks.Wire;

namespace CryoCdsHooks.Web.Discovery;

/// <summary>The services we publish on discovery and accept calls for.</summary>
public static class CdsServiceCatalog
{
    public const string CrdVersion = "2.2";

    public static readonly CdsServiceDefinition OrderSelect = new(
        "cryoablation-order-select",
        "order-select",
        "Cryoablation coverage (BCBSMA policy 260) at order selection",
        "Checks a selected cryoablation order (kidney, lung, breast, bone) against Blue Cross Blue Shield of "
            + "Massachusetts Medical Policy 260 and returns coverage, prior authorization and alternatives."
    );

    public static readonly CdsServiceDefinition OrderSign = new(
        "cryoablation-order-sign",
        "order-sign",
        "Cryoablation coverage (BCBSMA policy 260) at order signing",
        "Checks every draft cryoablation order against Blue Cross Blue Shield of Massachusetts Medical Policy 260 "
            + "and returns coverage, prior authorization, documentation needs and alternatives."
    );

    public static readonly IReadOnlyList<CdsServiceDefinition> Services = [OrderSelect, OrderSign];

    public static readonly IReadOnlyList<CrdConfigurationOptionDescriptor> ConfigurationOptions =
    [
        new(
            CrdConfigurationCodes.CoverageCard,
            "boolean",
            "Coverage card",
            "Return a card explaining the coverage determination criterion by criterion, with evidence.",
            Json(true)
        ),
        new(
            CrdConfigurationCodes.AlternativesCard,
            "boolean",
            "Alternatives card",
            "Return a card suggesting alternative procedures when cryoablation is not covered or needs information.",
            Json(true)
        ),
        new(
            CrdConfigurationCodes.MaxCards,
            "integer",
            "Maximum cards",
            "The largest number of cards returned in one response.",
            Json(10)
        ),
    ];

    public static CdsServiceDefinition? Find(string id) =>
        Services.FirstOrDefault(s => s.Id.Equals(id, StringComparison.Ordinal));

    public static CdsDiscoveryResponse ToDiscoveryDocument(IReadOnlyDictionary<string, string> prefetchTemplates) =>
        new(
            Services
                .Select(s => new CdsServiceDescriptor(
                    s.Hook,
                    s.Id,
                    s.Title,
                    s.Description,
                    prefetchTemplates,
                    new CdsServiceExtension([CrdVersion], ConfigurationOptions)
                ))
                .ToList()
        );

    private static JsonElement Json(bool value) =>
        JsonSerializer.SerializeToElement(value, CdsHooksJsonContext.Default.Boolean);

    private static JsonElement Json(int value) =>
        JsonSerializer.SerializeToElement(value, CdsHooksJsonContext.Default.Int32);
}
