using CryoCdsHooks.PolicyEngine.Facts;
using CryoCdsHooks.PolicyEngine.Terminology;
using CryoCdsHooks.PolicyEngine.Versions;
using static CryoCdsHooks.PolicyEngine.Tests.PrefillCql.CqlExpression;

namespace CryoCdsHooks.PolicyEngine.Tests.PrefillCql;

/// <summary><c>egfr</c>: the latest usable eGFR before the date of service, as KidneyFunctionExtractor reads.</summary>
internal static class PrefillEgfr
{
    /// <summary>
    /// KidneyFunctionExtractor: the latest day's final eGFR (own value or a panel component) within the window before
    /// the date of service wins; on that day CKD-EPI 2021, then race-neutral codes, then the lower value. A reading
    /// this CQL cannot weigh (a value string, a bound, no date of its own) on that day, or undated, leaves it empty.
    /// </summary>
    public static IEnumerable<(string, CqlExpression)> Definitions(PolicyNumbers numbers, PrefillCodes codes)
    {
        var own = Ref("FinalObservations")
            .Query(
                "O",
                o => o.Prop("dataAbsentReason").IsNull().And(codes.Matches(o.Prop("code"), ValueSetIds.Egfr)),
                o => EgfrValue(o.Prop("code"), o.Prop("value"), o, codes)
            );
        // Only panels with components: a query over an absent list is null, which flatten would keep.
        var components = Ref("FinalObservations")
            .Query(
                "O",
                o => o.Prop("component").Exists(),
                o =>
                    o.Prop("component")
                        .Query(
                            "K",
                            k =>
                                k.Prop("dataAbsentReason")
                                    .IsNull()
                                    .And(k.Prop("modifierExtension").Exists().Not())
                                    .And(codes.Matches(k.Prop("code"), ValueSetIds.Egfr)),
                            k => EgfrValue(k.Prop("code"), k.Prop("value"), o, codes)
                        )
            )
            .Flatten();
        yield return ("EgfrValues", own.Union(components));
        yield return ("EgfrReadings", Ref("EgfrValues").Query("V", returns: v => EgfrReading(v, codes)));
        var dos = Parameter(PrefillDefinitions.DateOfService);
        yield return (
            "EgfrInWindow",
            Ref("EgfrReadings")
                .Query("E", e =>
                    e.Prop("observedOn")
                        .GreaterOrEqual(dos.MinusDays(numbers.EgfrLookbackDays))
                        .And(e.Prop("observedOn").LessOrEqual(dos))
                        .And(
                            e.Prop("ml")
                                .Greater(Dec(0m))
                                .And(e.Prop("ml").LessOrEqual(Dec(KidneyFunctionExtractor.MaximumPlausible)))
                                .Or(e.Prop("unweighable"))
                        )
                )
        );
        yield return ("EgfrLatestDay", Ref("EgfrInWindow").Query("E", returns: e => e.Prop("observedOn")).Max());
        var unweighableThatDay = Ref("EgfrInWindow")
            .Query("E", e => e.Prop("unweighable").And(e.Prop("observedOn").EqualTo(Ref("EgfrLatestDay"))))
            .Exists();
        var unweighableUndated = Ref("EgfrReadings")
            .Query("E", e => e.Prop("unweighable").And(e.Prop("observedOn").IsNull()))
            .Exists();
        yield return ("EgfrUnweighable", unweighableThatDay.Or(unweighableUndated));
        yield return (
            "EgfrLatest",
            Ref("EgfrInWindow")
                .Query(
                    "E",
                    e => e.Prop("observedOn").EqualTo(Ref("EgfrLatestDay")).And(e.Prop("unweighable").Not()),
                    sortBy: ["rank", "ml"]
                )
                .First()
        );
        yield return (
            PrefillDefinitions.Egfr,
            If(
                Ref("EgfrUnweighable").Or(Ref("EgfrLatest").IsNull()),
                Null,
                Quantity(Ref("EgfrLatest").Prop("ml"), PrefillDefinitions.EgfrUnit)
            )
        );
    }

    /// <summary>
    /// One eGFR value as written: its LOINC code, day, number, unit spellings, bound, and whether a string.
    /// </summary>
    private static CqlExpression EgfrValue(
        CqlExpression code,
        CqlExpression value,
        CqlExpression observation,
        PrefillCodes codes
    )
    {
        var quantity = value.As("Quantity");
        var loinc = code.Prop("coding")
            .Query("Cd", c => codes.CodingIn(c, ValueSetIds.Egfr), c => c.Value("code"))
            .First();
        return Tuple(
            ("loinc", loinc),
            ("observedOn", PrefillDefinitions.WhenObserved(observation).DateFrom()),
            ("number", quantity.Value("value")),
            ("ucum", quantity.Value("code")),
            ("unit", quantity.Value("unit")),
            ("bound", quantity.Value("comparator").IsNotNull()),
            ("text", value.As("string").IsNotNull()),
            ("present", value.IsNotNull())
        );
    }

    /// <summary>
    /// The value in mL/min/1.73 m² (UCUM code, else unit, of the accepted spellings; no unit at all: the LOINC code's
    /// unit), its same-day preference rank, and whether this CQL cannot weigh it (a string, a bound, or no date of its
    /// own: the engine then takes its panel's or report's date).
    /// </summary>
    private static CqlExpression EgfrReading(CqlExpression v, PrefillCodes codes)
    {
        var unitless = v.Prop("ucum").IsNull().And(v.Prop("unit").IsNull());
        var factor = Coalesce(UnitFactor(v.Prop("ucum")), UnitFactor(v.Prop("unit")));
        var rank = If(
            v.Prop("loinc").In(codes.Codes(ValueSetIds.EgfrPreferred)),
            Int(0),
            If(v.Prop("loinc").In(codes.Codes(ValueSetIds.EgfrRaceNeutral)), Int(1), Int(2))
        );
        return Tuple(
            ("observedOn", v.Prop("observedOn")),
            ("ml", If(v.Prop("bound"), Null, If(unitless, v.Prop("number"), v.Prop("number").Times(factor)))),
            ("rank", rank),
            ("unweighable", v.Prop("text").Or(v.Prop("bound")).Or(v.Prop("observedOn").IsNull().And(v.Prop("present"))))
        );
    }

    /// <summary>KidneyFunctionExtractor.NormalizeUnit, then mL/min/1.73 m² as is and SI mL/s/1.73 m² × 60.</summary>
    private static CqlExpression UnitFactor(CqlExpression unit)
    {
        var normalized = unit.Lower()
            .ReplaceMatches("[ ^{}_]", "")
            .ReplaceMatches(",", ".")
            .ReplaceMatches("²", "2")
            .ReplaceMatches("per", "/")
            .ReplaceMatches("sq[.]m", "m2")
            .ReplaceMatches("//", "/");
        return If(
            normalized.EqualTo(Str("ml/min/1.73m2")),
            Dec(1m),
            If(normalized.EqualTo(Str("ml/s/1.73m2")), Dec(60m), Null)
        );
    }
}
