namespace CryoCdsHooks.Web.Hooks.Wire;

/// <summary>A FHIR CodeableConcept as JSON.</summary>
public sealed record FhirCodeableConcept(IReadOnlyList<CdsCoding>? Coding = null, string? Text = null);
