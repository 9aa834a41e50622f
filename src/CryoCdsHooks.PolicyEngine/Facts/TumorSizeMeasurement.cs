using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>A tumour's largest dimension, normalised to centimetres without rounding.</summary>
public sealed record TumorSizeMeasurement(
    Observation Source,
    decimal Centimetres,
    string AsReported,
    DateTimeOffset Measured
)
{
    /// <summary>Policy: "no more than N cm" (inclusive).</summary>
    public bool IsWithin(decimal maximumCentimetres) => Centimetres <= maximumCentimetres;

    public Evidence ToEvidence() =>
        new(
            ResourceReading.ReferenceTo(Source),
            $"Tumor size {AsReported} = {ResourceReading.Format(Centimetres)} cm",
            Measured
        );
}
