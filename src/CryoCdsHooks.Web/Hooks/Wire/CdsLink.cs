namespace CryoCdsHooks.Web.Hooks.Wire;

/// <summary>A card link: an absolute URL, or a SMART app launched with <see cref="AppContext"/>.</summary>
public sealed record CdsLink(string Label, string Url, string Type, string? AppContext = null);
