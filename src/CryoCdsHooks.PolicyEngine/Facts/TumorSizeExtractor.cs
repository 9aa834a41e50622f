using CryoCdsHooks.PolicyEngine.Terminology;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>
/// Reads the latest final tumour size on or before the reference date (mCODE TumorSize or a plain value).
/// </summary>
internal static class TumorSizeExtractor
{
    /// <summary>
    /// No solid tumour is larger than this; a bigger (or zero, negative) size is a data error, not a finding.
    /// </summary>
    public const decimal MaximumPlausibleCentimetres = 100m;

    public static TumorSizeMeasurement? Latest(
        PatientRecord record,
        TumorScope scope,
        DateOnly referenceDate,
        PolicyTerminology terms,
        ReadingGuard guard
    ) =>
        record
            .Observations.Where(o =>
                scope.Admits(o)
                && terms[ValueSetIds.TumorSize].Matches(o.Code)
                && TumorObservationLinks.Counts(o, scope, record, terms)
            )
            .Select(o => Read(o, record, terms, guard))
            .OfType<TumorSizeMeasurement>()
            .Where(m => DateOnly.FromDateTime(m.Measured.DateTime) <= referenceDate)
            .OrderByDescending(m => DateOnly.FromDateTime(m.Measured.DateTime))
            .ThenByDescending(m => m.Centimetres) // several lesions the same day: the largest decides
            .FirstOrDefault();

    private static TumorSizeMeasurement? Read(
        Observation observation,
        PatientRecord record,
        PolicyTerminology terms,
        ReadingGuard guard
    )
    {
        var maximumDimension = terms[ValueSetIds.TumorSizeMaximumDimension];
        var value = maximumDimension.Matches(observation.Code)
            ? ResourceReading.ValueOf(observation)
            : observation
                .Component.Where(c => maximumDimension.Matches(c.Code) && c.DataAbsentReason is null)
                .Select(c => c.Value)
                .FirstOrDefault(v => v is Quantity or FhirString)
                ?? ResourceReading.ValueOf(observation);
        var when = ResourceReading.WhenObserved(observation, record);
        var source = ResourceReading.ReferenceTo(observation);
        if (MeasuredValue.From(value, guard, source) is not { Comparator: null } measured || when is null)
            return null;
        var centimetres = measured.ConvertWith(ToCentimetres);
        if (centimetres is { } cm && (measured.Negative || cm <= 0 || cm > MaximumPlausibleCentimetres))
        {
            guard.Invalid(source, "the tumor size");
            return null;
        }
        return centimetres is null
            ? null
            : new TumorSizeMeasurement(observation, centimetres.Value, measured.Display, when.Value);
    }

    /// <summary>
    /// UCUM cm / mm / [in_i] and their written-out spellings; no unit, or another one, is not guessed.
    /// </summary>
    private static decimal? ToCentimetres(decimal value, string? unit) =>
        unit?.Trim().ToLowerInvariant() switch
        {
            "cm" or "centimeter" or "centimeters" or "centimetre" or "centimetres" => value,
            "mm" or "millimeter" or "millimeters" or "millimetre" or "millimetres" => value / 10m,
            // Larger than any tumour: refuse rather than overflow the multiplication.
            "[in_i]" or "in" or "inch" or "inches" => Math.Abs(value) <= MaximumPlausibleCentimetres
                ? value * 2.54m
                : decimal.MaxValue,
            _ => null,
        };
}
