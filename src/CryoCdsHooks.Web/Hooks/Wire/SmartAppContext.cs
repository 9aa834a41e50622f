namespace CryoCdsHooks.Web.Hooks.Wire;

/// <summary>The appContext of the "document missing criteria" link, read back by our SMART app.</summary>
public sealed record SmartAppContext(string Order, string CoverageAssertionId, IReadOnlyList<string> Missing)
{
    public string ToJsonString() =>
        System.Text.Json.JsonSerializer.Serialize(this, CdsHooksJsonContext.Default.SmartAppContext);
}
