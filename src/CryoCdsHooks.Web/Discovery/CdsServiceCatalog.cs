using System.Text.Json;
using CryoCdsHooks.Web.Hooks;
using CryoCdsHooks.Web.Hooks.Kinds;
using CryoCdsHooks.Web.Hooks.Wire;

namespace CryoCdsHooks.Web.Discovery;

/// <summary>The hook kinds we publish on discovery and accept calls for, and the CRD options they share.</summary>
public static class CdsServiceCatalog
{
    public const string CrdVersion = "2.2";

    public static readonly OrderSelectHook OrderSelect = new();
    public static readonly OrderSignHook OrderSign = new();
    public static readonly AppointmentBookHook AppointmentBook = new();
    public static readonly OrderDispatchHook OrderDispatch = new();
    public static readonly EncounterStartHook EncounterStart = new();

    public static readonly IReadOnlyList<HookKind> Services =
    [
        OrderSelect,
        OrderSign,
        AppointmentBook,
        OrderDispatch,
        EncounterStart,
    ];

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

    public static HookKind? Find(string id) =>
        Services.FirstOrDefault(s => s.ServiceId.Equals(id, StringComparison.Ordinal));

    /// <param name="sharedTemplates">The patient record's prefetch templates, which every hook asks for.</param>
    public static CdsDiscoveryResponse ToDiscoveryDocument(IReadOnlyDictionary<string, string> sharedTemplates) =>
        new(
            Services
                .Select(s => new CdsServiceDescriptor(
                    s.Hook,
                    s.ServiceId,
                    s.Title,
                    s.Description,
                    s.Prefetch(sharedTemplates),
                    new CdsServiceExtension([CrdVersion], ConfigurationOptions)
                ))
                .ToList()
        );

    private static JsonElement Json(bool value) =>
        JsonSerializer.SerializeToElement(value, CdsHooksJsonContext.Default.Boolean);

    private static JsonElement Json(int value) =>
        JsonSerializer.SerializeToElement(value, CdsHooksJsonContext.Default.Int32);
}
