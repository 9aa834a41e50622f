namespace CryoCdsHooks.Web.Hooks.Wire;

/// <summary>
/// A FHIR Extension as JSON, with the value types the CRD coverage-information extension uses; at most one value
/// (or nested extensions) is set.
/// </summary>
public sealed record FhirExtension(string Url)
{
    public IReadOnlyList<FhirExtension>? Extension { get; init; }
    public string? ValueCode { get; init; }
    public string? ValueString { get; init; }
    public string? ValueUrl { get; init; }
    public string? ValueCanonical { get; init; }

    /// <summary>yyyy-MM-dd.</summary>
    public string? ValueDate { get; init; }
    public FhirReference? ValueReference { get; init; }
    public FhirCodeableConcept? ValueCodeableConcept { get; init; }

    public string ToJsonString() =>
        System.Text.Json.JsonSerializer.Serialize(this, CdsHooksJsonContext.Default.FhirExtension);

    public byte[] ToUtf8Bytes() =>
        System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(this, CdsHooksJsonContext.Default.FhirExtension);
}
