using CryoCdsHooks.PolicyEngine.Terminology;
using CryoCdsHooks.PolicyEngine.Versions;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>
/// Reads kidney function: the latest final eGFR within the lookback window before the reference date wins;
/// without one, an active CKD 3–5 / ESRD / dialysis condition, or dialysis performed within the same window,
/// means renal insufficiency.
/// </summary>
internal static class KidneyFunctionExtractor
{
    /// <summary>Plausible eGFR range in mL/min/1.73 m²; a value outside it is a data error, not a finding.</summary>
    public const decimal MaximumPlausible = 300m;

    public static KidneyFunctionFact Extract(
        PatientRecord record,
        ClinicalConditions conditions,
        DateOnly referenceDate,
        PolicyNumbers numbers,
        PolicyTerminology terms,
        ReadingGuard guard
    )
    {
        // I-12: pre-procedure labs count for the edition's lookback window before the order; an order dated in the
        // window's first days of year 1 has a window that starts at the calendar's first day.
        var lookback = numbers.EgfrLookbackDays;
        var windowStart = referenceDate.DayNumber >= lookback ? referenceDate.AddDays(-lookback) : DateOnly.MinValue;
        var readings = LabValues
            .Final(record)
            .Where(e => terms[ValueSetIds.Egfr].Matches(e.Code))
            .Select(e => Read(e, windowStart, terms, guard))
            .OfType<EgfrReading>()
            .Where(r => DateOnly.FromDateTime(r.Taken.DateTime) <= referenceDate)
            .ToList();

        var recent = ChooseLatest(readings.Where(r => !r.IsStale).ToList(), terms);
        var ckd = conditions.Current(ValueSetIds.CkdStage3To5).ToList();
        var stale = recent is null ? readings.Where(r => r.IsStale).OrderByDescending(r => r.Taken).ToList() : [];
        var dialysis = record
            .Procedures.Where(p =>
                p.Status is EventStatus.Completed or EventStatus.InProgress
                && terms[ValueSetIds.Dialysis].Matches(p.Code)
            )
            .Select(p => (Procedure: p, When: ResourceReading.WhenPerformed(p)))
            .Where(x => ResourceReading.DateOf(x.When) is { } day && day >= windowStart && day <= referenceDate)
            .Select(x => new Evidence(
                ResourceReading.ReferenceTo(x.Procedure),
                $"Dialysis {ResourceReading.Describe(x.Procedure.Code)}",
                x.When
            ))
            .ToList();

        var notes = new List<string>();
        if (recent is not null && terms[ValueSetIds.EgfrPediatric].Contains(CodeSystems.Loinc, recent.Loinc))
            notes.Add($"eGFR {recent.Loinc} is a pediatric (Schwartz) estimate; check it applies to this patient.");
        else if (recent is not null && PreferenceRank(recent.Loinc, terms) == 2)
            notes.Add($"eGFR {recent.Loinc} uses a race-based or older formula; a CKD-EPI 2021 result is preferred.");
        var below = recent?.IsBelow(numbers.GfrBelow);
        if (below == false && (ckd.Count > 0 || dialysis.Count > 0))
            notes.Add(
                $"A recent eGFR of {numbers.GfrBelow} or more conflicts with a coded CKD stage 3-5 or recent "
                    + "dialysis; the lab result was used."
            );

        var insufficiency = below ?? (ckd.Count > 0 || dialysis.Count > 0 ? true : null);
        return new KidneyFunctionFact(
            insufficiency,
            recent,
            stale,
            recent is null ? ckd : [],
            recent is null ? dialysis : [],
            notes,
            lookback
        );
    }

    /// <summary>
    /// Latest day wins; on that day prefer CKD-EPI 2021, then race-neutral codes, then the lower value.
    /// </summary>
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

    private static EgfrReading? Read(
        LabValues.Entry entry,
        DateOnly windowStart,
        PolicyTerminology terms,
        ReadingGuard guard
    )
    {
        var loinc = entry.Code.Coding.First(c => terms[ValueSetIds.Egfr].Contains(c)).Code!.Trim();
        var source = ResourceReading.ReferenceTo(entry.Source);
        var value = MeasuredValue.From(entry.Value, guard, source);
        if (value?.ConvertWith(ToMlPerMin) is not { } ml)
            return null;
        if (!IsPlausible(ml, value.Negative))
        {
            guard.Invalid(source, "the eGFR");
            return null;
        }
        if (entry.When is not { } taken)
            return null;
        var isStale = DateOnly.FromDateTime(taken.DateTime) < windowStart;
        return new EgfrReading(entry.Source, loinc, ml, value.Comparator, taken, isStale);
    }

    /// <summary>
    /// <summary>Negative (also "-0"), zero and values above <see cref="MaximumPlausible"/> are data errors.</summary>
    private static bool IsPlausible(decimal mlPerMin, bool negative) =>
        !negative && !decimal.IsNegative(mlPerMin) && mlPerMin > 0 && mlPerMin <= MaximumPlausible;

    /// <summary>
    /// Accepts mL/min/{1.73_m2} and its spellings, and SI mL/s/{1.73_m2} (× 60). Plain mL/min is clearance, not
    /// eGFR. No unit at all: the eGFR LOINC codes are defined in mL/min/1.73 m², so the number is read in it.
    /// </summary>
    private static decimal? ToMlPerMin(decimal value, string? unit) =>
        unit is null
            ? value
            : NormalizeUnit(unit) switch
            {
                "ml/min/1.73m2" => value,
                // Larger than any eGFR: refuse rather than overflow the multiplication.
                "ml/s/1.73m2" => Math.Abs(value) <= decimal.MaxValue / 60 ? value * 60 : decimal.MaxValue,
                _ => null,
            };

    private static string NormalizeUnit(string? unit) =>
        (unit ?? "")
            .ToLowerInvariant()
            .Replace(" ", "", StringComparison.Ordinal)
            .Replace(",", ".", StringComparison.Ordinal)
            .Replace("^", "", StringComparison.Ordinal)
            .Replace("{", "", StringComparison.Ordinal)
            .Replace("}", "", StringComparison.Ordinal)
            .Replace("_", "", StringComparison.Ordinal)
            .Replace("²", "2", StringComparison.Ordinal)
            .Replace("per", "/", StringComparison.Ordinal)
            .Replace("sq.m", "m2", StringComparison.Ordinal)
            .Replace("//", "/", StringComparison.Ordinal);
}
