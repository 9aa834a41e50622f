using System.Globalization;
using System.Text.RegularExpressions;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>
/// A number with its unit spellings, read the same way from a Quantity and from a value string ("57 mL/min/1.73m2",
/// "&gt;60", "32 mm"). One rule for a value without a unit, whichever form it comes in: <see cref="Units"/> is empty
/// and the fact's own converter decides (eGFR: the LOINC code fixes mL/min/1.73 m²; tumour size: cm or mm cannot
/// be told apart, so it is not read).
/// </summary>
internal sealed partial record MeasuredValue(decimal Number, IReadOnlyList<string> Units, Quantity.QuantityComparator? Comparator)
{
    /// <summary>Longer value strings are not evidence.</summary>
    public const int MaximumTextLength = 256;

    public static MeasuredValue? From(DataType? value) => value switch
    {
        Quantity { Value: { } number } q => new(number, new[] { q.Code, q.Unit }.Where(u => !string.IsNullOrWhiteSpace(u)).Select(u => u!).ToList(), q.Comparator),
        FhirString text => Parse(text.Value),
        _ => null,
    };

    /// <summary>The first unit spelling the converter understands, or the converter's unitless reading.</summary>
    public decimal? ConvertWith(Func<decimal, string?, decimal?> converter) =>
        Units.Count == 0 ? converter(Number, null) : Units.Select(u => converter(Number, u)).FirstOrDefault(v => v is not null);

    public string Display => $"{ResourceReading.Format(Number)}{(Units.Count > 0 ? " " + Units[0] : "")}";

    private static MeasuredValue? Parse(string? text)
    {
        if (text is null || text.Length > MaximumTextLength)
            return null;
        var match = ValueStringPattern().Match(text);
        if (!match.Success
            || !decimal.TryParse(match.Groups["value"].Value.Replace(',', '.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            return null;
        var unit = match.Groups["unit"].Value.Trim();
        return new(number, unit.Length == 0 ? [] : [unit], match.Groups["comparator"].Value switch
        {
            "<" => Quantity.QuantityComparator.LessThan,
            "<=" => Quantity.QuantityComparator.LessOrEqual,
            ">" => Quantity.QuantityComparator.GreaterThan,
            ">=" => Quantity.QuantityComparator.GreaterOrEqual,
            _ => null,
        });
    }

    // ASCII digits only; bounded lengths keep the match linear.
    [GeneratedRegex(@"^\s{0,16}(?<comparator><=|>=|<|>)?\s{0,16}(?<value>[0-9]{1,12}(?:[.,][0-9]{1,12})?)\s{0,16}(?<unit>\S.*)?$", RegexOptions.NonBacktracking)]
    private static partial Regex ValueStringPattern();
}

/// <summary>
/// Every place a record keeps a lab value: the Observation's own value, a component of a panel, or a member
/// Observation of a panel (hasMember), which takes the panel's date when it has none of its own.
/// </summary>
internal static class LabValues
{
    public sealed record Entry(Observation Source, CodeableConcept Code, DataType? Value, DateTimeOffset? When);

    public static IEnumerable<Entry> Final(PatientRecord record) =>
        record.Observations.Where(ResourceReading.IsFinal).SelectMany(observation =>
        {
            var when = ResourceReading.WhenObserved(observation) ?? PanelDate(record, observation);
            return observation.Component
                .Where(c => c.DataAbsentReason is null && c.Code is not null)
                .Select(c => new Entry(observation, c.Code, c.Value, when))
                .Prepend(new Entry(observation, observation.Code, ResourceReading.ValueOf(observation), when));
        });

    private static DateTimeOffset? PanelDate(PatientRecord record, Observation member) =>
        record.Observations
            .Where(panel => panel.HasMember.Any(r => record.References.PointsTo(r, panel, member)))
            .Select(ResourceReading.WhenObserved)
            .FirstOrDefault(d => d is not null);
}
