namespace CryoCdsHooks.Web.Hooks.Wire;

/// <summary>Only the card uuids of an answer: what the audit keeps to accept feedback for them.</summary>
internal sealed record CdsCardUuids(IReadOnlyList<CdsCardUuid>? Cards);
