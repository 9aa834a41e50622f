namespace CryoCdsHooks.Web.Hooks.Wire;

/// <summary>What the service reads back of a FHIR resource it answered with: its identity and its extensions.</summary>
public sealed record FhirResourceHeader(string? ResourceType, string? Id, IReadOnlyList<FhirExtension>? Extension)
{
    public string Reference => $"{ResourceType}/{Id}";
}
