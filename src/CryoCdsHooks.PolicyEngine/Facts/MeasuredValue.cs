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
internal sealed partial record MeasuredValue(
    decimal Number,
    IReadOnlyList<string> Units,
    Quantity.QuantityComparator? Comparator,
    bool Negative = false
)
{
    /// <summary>
    /// A value string goes through the <paramref name="guard"/> (too long or over budget: not read, noted). A number
    /// too large for a decimal reads as <see cref="decimal.MaxValue"/>, so the fact's plausibility range refuses it
    /// (noted) instead of an exception; <see cref="Negative"/> also catches "-0".
    /// </summary>
    public static MeasuredValue? From(DataType? value, ReadingGuard guard, string source) =>
        value switch
        {
            Quantity { Value: { } number } q => new(
                number,
                new[] { q.Code, q.Unit }.Where(u => !string.IsNullOrWhiteSpace(u)).Select(u => u!).ToList(),
                q.Comparator,
                decimal.IsNegative(number)
            ),
            FhirString text => Parse(guard.Admit(text.Value, source)),
            _ => null,
        };

    /// <summary>The first unit spelling the converter understands, or the converter's unitless reading.</summary>
    public decimal? ConvertWith(Func<decimal, string?, decimal?> converter) =>
        Units.Count == 0
            ? converter(Number, null)
            : Units.Select(u => converter(Number, u)).FirstOrDefault(v => v is not null);

    public string Display => $"{ResourceReading.Format(Number)}{(Units.Count > 0 ? " " + Units[0] : "")}";

    private static MeasuredValue? Parse(string? text)
    {
        var match = text is null ? null : ValueStringPattern().Match(text);
        if (match is not { Success: true })
            return null;
        var negative = match.Groups["sign"].Length > 0;
        var number = decimal.TryParse(
            match.Groups["value"].Value.Replace(',', '.'),
            NumberStyles.AllowDecimalPoint,
            CultureInfo.InvariantCulture,
            out var parsed
        )
            ? parsed
            : decimal.MaxValue;
        var unit = match.Groups["unit"].Value.Trim();
        return new(
            negative ? -number : number,
            unit.Length == 0 ? [] : [unit],
            match.Groups["comparator"].Value switch
            {
                "<" => Quantity.QuantityComparator.LessThan,
                "<=" => Quantity.QuantityComparator.LessOrEqual,
                ">" => Quantity.QuantityComparator.GreaterThan,
                ">=" => Quantity.QuantityComparator.GreaterOrEqual,
                _ => null,
            },
            negative
        );
    }

    // [0-9], not \d: other scripts' digits are not numbers here. Non-backtracking keeps it linear on any text.
    [GeneratedRegex(
        @"^\s*(?<comparator><=|>=|<|>)?\s*(?<sign>-)?(?<value>[0-9]+(?:[.,][0-9]+)?)\s*(?<unit>\S.*)?$",
        RegexOptions.NonBacktracking
    )]
    private static partial Regex ValueStringPattern();
}
