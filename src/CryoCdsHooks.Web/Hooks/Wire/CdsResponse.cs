namespace CryoCdsHooks.Web.Hooks.Wire;

/// <summary>A CDS Hooks 2.0 service response: cards for the clinician, and actions the client applies itself.</summary>
public sealed record CdsResponse(IReadOnlyList<CdsCard> Cards, IReadOnlyList<CdsAction>? SystemActions)
{
    public string ToJsonString() =>
        System.Text.Json.JsonSerializer.Serialize(this, CdsHooksJsonContext.Default.CdsResponse);

    /// <summary>
    /// The uuid of every card of an answer (none for an error's OperationOutcome), read without the rest.
    /// </summary>
    public static IReadOnlyList<string> CardUuidsOf(string json) =>
        System
            .Text.Json.JsonSerializer.Deserialize(json, CdsHooksJsonContext.Default.CdsCardUuids)
            ?.Cards?.Select(c => c.Uuid)
            .ToList()
        ?? [];

    /// <summary>A stored answer read back; null when the text is not one (an error's OperationOutcome, say).</summary>
    public static CdsResponse? TryRead(string? json) =>
        CdsHooksJsonContext.TryRead(json, CdsHooksJsonContext.Default.CdsResponse);
}
