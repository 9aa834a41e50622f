namespace CryoCdsHooks.Web.Hooks.Wire;

/// <summary>Who a card comes from, and its topic (CRD: a code of the cdshooks-card-type CodeSystem).</summary>
public sealed record CdsSource(string Label, string? Url, CdsCoding? Topic);
