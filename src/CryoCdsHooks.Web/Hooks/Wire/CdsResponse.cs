namespace CryoCdsHooks.Web.Hooks.Wire;

/// <summary>A CDS Hooks 2.0 service response: cards for the clinician, and actions the client applies itself.</summary>
public sealed record CdsResponse(IReadOnlyList<CdsCard> Cards, IReadOnlyList<CdsAction>? SystemActions)
{
    public string ToJsonString() => System.Text.Json.JsonSerializer.Serialize(this, CdsHooksJsonContext.Default.CdsResponse);
}
