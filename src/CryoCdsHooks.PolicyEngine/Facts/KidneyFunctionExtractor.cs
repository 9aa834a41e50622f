using System.Globalization;
using System.Text.RegularExpressions;
using CryoCdsHooks.PolicyEngine.Terminology;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>
/// Reads kidney function: the latest final eGFR within the lookback window before the reference date wins;
/// without one, an active CKD 3–5 / ESRD / dialysis condition means renal insufficiency.
/// </summary>
internal static partial class KidneyFunctionExtractor
{
    /// <summary>I-12: pre-procedure labs count for 90 days before the order.</summary>
    public const int LookbackDays = 90;

    /// <summary>Plausible eGFR range in mL/min/1.73 m²; a value outside it is a data error, not a finding.</summary>
    public const decimal MaximumPlausible = 300m;

    public static KidneyFunctionFact Extract(PatientRecord record, ClinicalConditions conditions, DateOnly referenceDate, PolicyTerminology terms, ReadingGuard guard)
    {
        // An order dated in the first 90 days of year 1 has a window that starts at the calendar's first day.
        var windowStart = referenceDate.DayNumber >= LookbackDays ? referenceDate.AddDays(-LookbackDays) : DateOnly.MinValue;
        var readings = record.Observations
            .Where(o => ResourceReading.IsFinal(o) && terms[ValueSetIds.Egfr].Matches(o.Code))
            .Select(o => Read(o, windowStart, terms, guard))
            .OfType<EgfrReading>()
            .Where(r => DateOnly.FromDateTime(r.Taken.DateTime) <= referenceDate)
            .ToList();

        var recent = ChooseLatest(readings.Where(r => !r.IsStale).ToList(), terms);
        var ckd = conditions.Current(ValueSetIds.CkdStage3To5).ToList();
        var stale = recent is null ? readings.Where(r => r.IsStale).OrderByDescending(r => r.Taken).ToList() : [];

        var notes = new List<string>();
        if (recent is not null && terms[ValueSetIds.EgfrPediatric].Contains(CodeSystems.Loinc, recent.Loinc))
            notes.Add($"eGFR {recent.Loinc} is a pediatric (Schwartz) estimate; check it applies to this patient.");
        else if (recent is not null && PreferenceRank(recent.Loinc, terms) == 2)
            notes.Add($"eGFR {recent.Loinc} uses a race-based or older formula; a CKD-EPI 2021 result is preferred.");
        if (recent?.IsBelowThreshold == false && ckd.Count > 0)
            notes.Add("A recent eGFR of 60 or more conflicts with a coded CKD stage 3-5; the lab result was used.");

        var insufficiency = recent?.IsBelowThreshold ?? (ckd.Count > 0 ? true : null);
        return new KidneyFunctionFact(insufficiency, recent, stale, recent is null ? ckd : [], notes);
    }

    /// <summary>Latest day wins; on that day prefer CKD-EPI 2021, then race-neutral codes, then the lower value.</summary>
    private static EgfrReading? ChooseLatest(IReadOnlyList<EgfrReading> readings, PolicyTerminology terms)
    {
        if (readings.Count == 0)
            return null;
        var latestDay = readings.Max(r => DateOnly.FromDateTime(r.Taken.DateTime));
        return readings
            .Where(r => DateOnly.FromDateTime(r.Taken.DateTime) == latestDay)
            .OrderBy(r => PreferenceRank(r.Loinc, terms))
            .ThenBy(r => r.MlPerMinPer173M2)
            .First();
    }

    private static int PreferenceRank(string loinc, PolicyTerminology terms) =>
        terms[ValueSetIds.EgfrPreferred].Contains(CodeSystems.Loinc, loinc) ? 0
        : terms[ValueSetIds.EgfrRaceNeutral].Contains(CodeSystems.Loinc, loinc) ? 1
        : 2;

    private static EgfrReading? Read(Observation observation, DateOnly windowStart, PolicyTerminology terms, ReadingGuard guard)
    {
        var taken = ResourceReading.WhenObserved(observation);
        var loinc = observation.Code.Coding.First(c => terms[ValueSetIds.Egfr].Contains(c)).Code!;
        var source = ResourceReading.ReferenceTo(observation);
        var value = ResourceReading.ValueOf(observation) switch
        {
            Quantity { Value: { } v } q when (ToMlPerMin(v, q.Code) ?? ToMlPerMin(v, q.Unit)) is { } ml => new EgfrValue(ml, q.Comparator),
            FhirString s => ParseString(guard.Admit(s.Value, source)),
            _ => null,
        };
        if (value is not null && !IsPlausible(value.MlPerMin, value.Negative))
        {
            guard.Invalid(source, "the eGFR");
            return null;
        }
        if (taken is null || value is null)
            return null;
        var isStale = DateOnly.FromDateTime(taken.Value.DateTime) < windowStart;
        return new EgfrReading(observation, loinc, value.MlPerMin, value.Comparator, taken.Value, isStale);
    }

    /// <summary>
    /// Parses ">60", "&lt;15", "57 mL/min/1.73m2"; a bare number is taken as mL/min/1.73 m². Only ASCII digits are
    /// a number; one too large for a decimal reads as out of range (then noted), never as an exception.
    /// </summary>
    private static EgfrValue? ParseString(string? text)
    {
        var match = text is null ? null : ValueStringPattern().Match(text);
        if (match is not { Success: true })
            return null;
        var comparator = ParseComparator(match.Groups["comparator"].Value);
        var negative = match.Groups["sign"].Length > 0;
        if (!decimal.TryParse(match.Groups["value"].Value.Replace(',', '.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            return new EgfrValue(decimal.MaxValue, comparator, negative);
        var unit = match.Groups["unit"].Value;
        var ml = unit.Length == 0 ? number : ToMlPerMin(number, unit);
        return ml is null ? null : new EgfrValue(ml.Value, comparator, negative);
    }

    /// <summary>Negative (also "-0"), zero and values above <see cref="MaximumPlausible"/> are data errors.</summary>
    private static bool IsPlausible(decimal mlPerMin, bool negative) =>
        !negative && !decimal.IsNegative(mlPerMin) && mlPerMin > 0 && mlPerMin <= MaximumPlausible;

    private static Quantity.QuantityComparator? ParseComparator(string symbol) => symbol switch
    {
        "<" => Quantity.QuantityComparator.LessThan,
        "<=" => Quantity.QuantityComparator.LessOrEqual,
        ">" => Quantity.QuantityComparator.GreaterThan,
        ">=" => Quantity.QuantityComparator.GreaterOrEqual,
        _ => null,
    };

    /// <summary>Accepts mL/min/{1.73_m2} and its spellings, and SI mL/s/{1.73_m2} (× 60). Plain mL/min is clearance, not eGFR.</summary>
    private static decimal? ToMlPerMin(decimal value, string? unit) => NormalizeUnit(unit) switch
    {
        "ml/min/1.73m2" => value,
        // Larger than any eGFR: refuse rather than overflow the multiplication.
        "ml/s/1.73m2" => Math.Abs(value) <= decimal.MaxValue / 60 ? value * 60 : decimal.MaxValue,
        _ => null,
    };

    private static string NormalizeUnit(string? unit) =>
        (unit ?? "").ToLowerInvariant()
            .Replace(" ", "", StringComparison.Ordinal)
            .Replace(",", ".", StringComparison.Ordinal)
            .Replace("^", "", StringComparison.Ordinal)
            .Replace("{", "", StringComparison.Ordinal)
            .Replace("}", "", StringComparison.Ordinal)
            .Replace("_", "", StringComparison.Ordinal)
            .Replace("²", "2", StringComparison.Ordinal);

    private sealed record EgfrValue(decimal MlPerMin, Quantity.QuantityComparator? Comparator, bool Negative = false);

    // [0-9], not \d: other scripts' digits are not numbers here. Non-backtracking keeps it linear on any text.
    [GeneratedRegex(@"^\s*(?<comparator><=|>=|<|>)?\s*(?<sign>-)?(?<value>[0-9]+(?:[.,][0-9]+)?)\s*(?<unit>\S.*)?$", RegexOptions.NonBacktracking)]
    private static partial Regex ValueStringPattern();
}
