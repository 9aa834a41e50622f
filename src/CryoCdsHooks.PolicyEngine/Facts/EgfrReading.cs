using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>One eGFR result normalised to mL/min/1.73 m², possibly a bound (">60", "&lt;15").</summary>
public sealed record EgfrReading(
    Observation Source,
    string Loinc,
    decimal MlPerMinPer173M2,
    Quantity.QuantityComparator? Comparator,
    DateTimeOffset Taken,
    bool IsStale
)
{
    /// <summary>
    /// Whether the GFR is strictly below <paramref name="threshold"/> (I-13): true/false when the value (or bound)
    /// decides it; null for bounds like "&lt;90" against 60.
    /// </summary>
    public bool? IsBelow(decimal threshold) =>
        Comparator switch
        {
            null => MlPerMinPer173M2 < threshold,
            Quantity.QuantityComparator.LessThan => MlPerMinPer173M2 <= threshold ? true : null,
            Quantity.QuantityComparator.LessOrEqual => MlPerMinPer173M2 < threshold ? true : null,
            Quantity.QuantityComparator.GreaterThan or Quantity.QuantityComparator.GreaterOrEqual => MlPerMinPer173M2
            >= threshold
                ? false
                : null,
            _ => null,
        };

    public Evidence ToEvidence(int lookbackDays) =>
        new(
            ResourceReading.ReferenceTo(Source),
            $"eGFR {ComparatorSymbol}{ResourceReading.Format(MlPerMinPer173M2)} mL/min/1.73m2 (LOINC {Loinc})"
                + (IsStale ? $", stale: outside the {lookbackDays}-day window" : ""),
            Taken
        );

    private string ComparatorSymbol =>
        Comparator switch
        {
            Quantity.QuantityComparator.LessThan => "<",
            Quantity.QuantityComparator.LessOrEqual => "<=",
            Quantity.QuantityComparator.GreaterThan => ">",
            Quantity.QuantityComparator.GreaterOrEqual => ">=",
            _ => "",
        };
}
