namespace CryoCdsHooks.Web.Hooks.Wire;

/// <summary>A Coding, spelled the same in CDS Hooks and in FHIR JSON.</summary>
public sealed record CdsCoding(string System, string Code, string? Display = null);
