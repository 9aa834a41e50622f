namespace CryoCdsHooks.Web.Hooks.Wire;

/// <summary>A FHIR Reference with a literal reference only.</summary>
public sealed record FhirReference(string Reference);
