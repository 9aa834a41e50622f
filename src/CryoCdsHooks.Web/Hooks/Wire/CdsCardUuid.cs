namespace CryoCdsHooks.Web.Hooks.Wire;

/// <summary>One card's uuid.</summary>
internal sealed record CdsCardUuid(string Uuid);
