using System.Text.Json;
using CryoCdsHooks.Web.Discovery;

namespace CryoCdsHooks.Web.Hooks;

/// <summary>
/// The client's <c>davinci-crd.configuration</c> settings. Unknown options and values of the wrong type are
/// ignored (CRD dev-17, dev-6); anything not sent takes the default advertised on discovery.
/// </summary>
public sealed record CrdConfiguration(bool CoverageCard, bool AlternativesCard, int MaxCards)
{
    public static readonly CrdConfiguration Default = new(true, true, 10);

    public static CrdConfiguration From(JsonElement? configuration)
    {
        if (configuration is not { ValueKind: JsonValueKind.Object } settings)
            return Default;
        return new CrdConfiguration(
            Boolean(settings, CrdConfigurationCodes.CoverageCard) ?? Default.CoverageCard,
            Boolean(settings, CrdConfigurationCodes.AlternativesCard) ?? Default.AlternativesCard,
            settings.TryGetProperty(CrdConfigurationCodes.MaxCards, out var max)
            && max.ValueKind == JsonValueKind.Number
            && max.TryGetInt32(out var n)
            && n >= 0
                ? n
                : Default.MaxCards
        );
    }

    private static bool? Boolean(JsonElement settings, string code) =>
        settings.TryGetProperty(code, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : null;
}
