using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>One eGFR result normalised to mL/min/1.73 m², possibly a bound (">60", "&lt;15").</summary>
public sealed record EgfrReading(
    Observation Source,
    string Loinc,
    decimal MlPerMinPer173M2,
    Quantity.QuantityComparator? Comparator,
    DateTimeOffset Taken,
    bool IsStale)
{
    /// <summary>Policy threshold: GFR strictly below 60 (I-13).</summary>
    public const decimal Threshold = 60m;

    /// <summary>True/false when the value (or bound) decides the threshold; null for bounds like "&lt;90".</summary>
    public bool? IsBelowThreshold => Comparator switch
    {
        null => MlPerMinPer173M2 < Threshold,
        Quantity.QuantityComparator.LessThan => MlPerMinPer173M2 <= Threshold ? true : null,
        Quantity.QuantityComparator.LessOrEqual => MlPerMinPer173M2 < Threshold ? true : null,
        Quantity.QuantityComparator.GreaterThan or Quantity.QuantityComparator.GreaterOrEqual =>
            MlPerMinPer173M2 >= Threshold ? false : null,
        _ => null,
    };

    public Evidence ToEvidence() => new(
        ResourceReading.ReferenceTo(Source),
        $"eGFR {ComparatorSymbol}{ResourceReading.Format(MlPerMinPer173M2)} mL/min/1.73m2 (LOINC {Loinc}){(IsStale ? ", stale: outside the 90-day window" : "")}",
        Taken);

    private string ComparatorSymbol => Comparator switch
    {
        Quantity.QuantityComparator.LessThan => "<",
        Quantity.QuantityComparator.LessOrEqual => "<=",
        Quantity.QuantityComparator.GreaterThan => ">",
        Quantity.QuantityComparator.GreaterOrEqual => ">=",
        _ => "",
    };
}
