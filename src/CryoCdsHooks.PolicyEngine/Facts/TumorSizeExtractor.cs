using CryoCdsHooks.PolicyEngine.Terminology;
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

/// <summary>Reads the latest final tumour size on or before the reference date (mCODE TumorSize or a plain value).</summary>
internal static class TumorSizeExtractor
{
    /// <summary>No solid tumour is larger than this; a bigger (or zero, negative) size is a data error, not a finding.</summary>
    public const decimal MaximumPlausibleCentimetres = 100m;

    public static TumorSizeMeasurement? Latest(PatientRecord record, IReadOnlyList<Condition> tumors, DateOnly referenceDate, PolicyTerminology terms, ReadingGuard guard) =>
        record.Observations
            .Where(o => ResourceReading.IsFinal(o) && terms[ValueSetIds.TumorSize].Matches(o.Code) && ResourceReading.IsAbout(o, tumors))
            .Select(o => Read(o, terms, guard))
            .OfType<TumorSizeMeasurement>()
            .Where(m => DateOnly.FromDateTime(m.Measured.DateTime) <= referenceDate)
            .OrderByDescending(m => DateOnly.FromDateTime(m.Measured.DateTime))
            .ThenByDescending(m => m.Centimetres) // several lesions the same day: the largest decides
            .FirstOrDefault();

    private static TumorSizeMeasurement? Read(Observation observation, PolicyTerminology terms, ReadingGuard guard)
    {
        var maximumDimension = terms[ValueSetIds.TumorSizeMaximumDimension];
        var quantity = maximumDimension.Matches(observation.Code)
            ? ResourceReading.ValueOf(observation) as Quantity
            : observation.Component
                  .Where(c => maximumDimension.Matches(c.Code) && c.DataAbsentReason is null)
                  .Select(c => c.Value)
                  .OfType<Quantity>()
                  .FirstOrDefault()
              ?? ResourceReading.ValueOf(observation) as Quantity;
        var when = ResourceReading.WhenObserved(observation);
        if (quantity?.Value is not { } value || when is null)
            return null;
        var centimetres = ToCentimetres(value, quantity.Code) ?? ToCentimetres(value, quantity.Unit);
        if (centimetres is { } cm && (decimal.IsNegative(value) || cm <= 0 || cm > MaximumPlausibleCentimetres))
        {
            guard.Invalid(ResourceReading.ReferenceTo(observation), "the tumor size");
            return null;
        }
        return centimetres is null
            ? null
            : new TumorSizeMeasurement(observation, centimetres.Value, $"{ResourceReading.Format(value)} {quantity.Code ?? quantity.Unit}", when.Value);
    }

    /// <summary>UCUM cm / mm / [in_i]; unitless or other units are not guessed.</summary>
    private static decimal? ToCentimetres(decimal value, string? unit) => unit?.Trim().ToLowerInvariant() switch
    {
        "cm" => value,
        "mm" => value / 10m,
        // Larger than any tumour: refuse rather than overflow the multiplication.
        "[in_i]" or "in" => Math.Abs(value) <= MaximumPlausibleCentimetres ? value * 2.54m : decimal.MaxValue,
        _ => null,
    };
}
