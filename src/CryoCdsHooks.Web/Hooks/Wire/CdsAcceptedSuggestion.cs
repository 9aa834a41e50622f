namespace CryoCdsHooks.Web.Hooks.Wire;

/// <summary>
/// A suggestion the clinician accepted, as feedback names it (CDS Hooks feedback acceptedSuggestions).
/// </summary>
public sealed record CdsAcceptedSuggestion(string Id);
