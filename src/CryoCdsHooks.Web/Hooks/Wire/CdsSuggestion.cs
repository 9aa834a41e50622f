namespace CryoCdsHooks.Web.Hooks.Wire;

/// <summary>One suggestion of a card: the actions the client performs when the clinician accepts it.</summary>
public sealed record CdsSuggestion(string Label, string Uuid, bool IsRecommended, IReadOnlyList<CdsAction> Actions);
