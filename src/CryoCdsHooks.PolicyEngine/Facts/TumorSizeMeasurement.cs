using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>A tumour's largest dimension, normalised to centimetres without rounding.</summary>
public sealed record TumorSizeMeasurement(Observation Source, decimal Centimetres, string AsReported, DateTimeOffset Measured)
{
    /// <summary>Policy: "no more than 4 cm" (inclusive).</summary>
    public const decimal MaximumCentimetres = 4m;

    public bool IsWithinLimit => Centimetres <= MaximumCentimetres;

    public Evidence ToEvidence() => new(
        ResourceReading.ReferenceTo(Source),
        $"Tumor size {AsReported} = {ResourceReading.Format(Centimetres)} cm",
        Measured);
}
