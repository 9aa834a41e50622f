using CryoCdsHooks.PolicyEngine.Facts;
using CryoCdsHooks.PolicyEngine.Rules;
using CryoCdsHooks.PolicyEngine.Terminology;
using CryoCdsHooks.PolicyEngine.Versions;
using static CryoCdsHooks.PolicyEngine.Tests.PrefillCql.CqlExpression;

namespace CryoCdsHooks.PolicyEngine.Tests.PrefillCql;

/// <summary>
/// <c>tumor-size</c> (cm), for the common shape only: the record holds exactly one kidney tumour Condition (not refuted
/// or entered in error, coded at a kidney site), a current renal cell carcinoma without an mCODE histology. Then
/// TumorSizeExtractor's rules: final size Observations (21889-1 with its 33728-7 component, or 33728-7) not focused on
/// another Condition and not on the other side, on or before the date of service, the latest day's largest. Anything
/// the engine ties by references this CQL does not follow (a focus it cannot read, an unsided or qualified body site, a
/// value string, no date of its own) on that day leaves the item to the clinician.
/// </summary>
internal static class PrefillTumorSize
{
    public static string Item => MissingInformationCodes.TumorSize.Code;

    public static IEnumerable<(string, CqlExpression)> Definitions(PolicyNumbers numbers, PrefillCodes codes)
    {
        yield return (
            "KidneyTumorConditions",
            Retrieve("Condition")
                .Query("Cond", c =>
                    PrefillDefinitions
                        .Unmodified(c)
                        .And(PrefillDefinitions.Verification(c).In(Strings(["refuted", "entered-in-error"])).Not())
                        .And(
                            RenalCryoablationRules
                                .KidneySites.Select(vs => codes.Matches(c.Prop("code"), vs))
                                .Aggregate((a, b) => a.Or(b))
                        )
                )
        );
        yield return (
            "KidneyTumor",
            If(
                Ref("KidneyTumorConditions").Count().EqualTo(Int(1)),
                Ref("CurrentConditions")
                    .Query("Cond", c =>
                        codes
                            .Matches(c.Prop("code"), ValueSetIds.RenalCellCarcinoma)
                            .And(codes.Matches(c.Prop("code"), ValueSetIds.KidneyTumorNonRcc).Not())
                            .And(PrefillDefinitions.HasMcodeHistology(c).Not())
                    )
                    .First(),
                Null
            )
        );
        // A report concluding another kidney histology may be tied to the tumour (the engine follows the ties).
        yield return (
            "KidneyHistologyReported",
            Retrieve("DiagnosticReport")
                .Query("D", d =>
                    d.Prop("conclusionCode")
                        .Query("Cc", c =>
                            codes
                                .Matches(c, ValueSetIds.KidneyTumorNonRcc)
                                .Or(codes.Matches(c, ValueSetIds.KidneyHistologyNonRcc))
                        )
                        .Exists()
                )
                .Exists()
        );
        yield return ("KidneyTumorSide", Side(Ref("KidneyTumor"), codes, includeCode: true));
        yield return (
            "TumorSizeReadings",
            Ref("FinalObservations")
                .Query(
                    "O",
                    o =>
                        Ref("KidneyTumor")
                            .IsNotNull()
                            .And(Ref("KidneyHistologyReported").Not())
                            .And(codes.Matches(o.Prop("code"), ValueSetIds.TumorSize)),
                    o => Reading(o, codes)
                )
        );
        var dos = Parameter(PrefillDefinitions.DateOfService);
        yield return (
            "TumorSizeCounted",
            Ref("TumorSizeReadings")
                .Query("R", r =>
                    r.Prop("elsewhere")
                        .Not()
                        .And(r.Prop("observedOn").LessOrEqual(dos))
                        .And(
                            r.Prop("cm")
                                .Greater(Dec(0m))
                                .And(r.Prop("cm").LessOrEqual(Dec(TumorSizeExtractor.MaximumPlausibleCentimetres)))
                                .Or(r.Prop("unweighable"))
                        )
                )
        );
        yield return (
            "TumorSizeLatestDay",
            Ref("TumorSizeCounted").Query("R", returns: r => r.Prop("observedOn")).Max()
        );
        var unweighable = Ref("TumorSizeCounted")
            .Query("R", r => r.Prop("unweighable").And(r.Prop("observedOn").EqualTo(Ref("TumorSizeLatestDay"))))
            .Exists()
            .Or(
                Ref("TumorSizeReadings")
                    .Query("R", r => r.Prop("unweighable").And(r.Prop("observedOn").IsNull()))
                    .Exists()
            );
        yield return ("TumorSizeUnweighable", unweighable);
        var largest = Ref("TumorSizeCounted")
            .Query(
                "R",
                r => r.Prop("observedOn").EqualTo(Ref("TumorSizeLatestDay")).And(r.Prop("unweighable").Not()),
                r => r.Prop("cm")
            )
            .Max();
        yield return (Item, If(Ref("TumorSizeUnweighable").Or(largest.IsNull()), Null, Quantity(largest, "cm")));
    }

    /// <summary>
    /// One size Observation: its day, its value in cm, whether it is tied elsewhere (focus on another Condition, a
    /// body site on the other side) and whether this CQL cannot weigh it.
    /// </summary>
    private static CqlExpression Reading(CqlExpression o, PrefillCodes codes)
    {
        var ownValue = If(o.Prop("dataAbsentReason").IsNull(), o.Prop("value"), Null);
        var component = o.Prop("component")
            .Query(
                "K",
                k =>
                    codes
                        .Matches(k.Prop("code"), ValueSetIds.TumorSizeMaximumDimension)
                        .And(k.Prop("dataAbsentReason").IsNull())
                        .And(k.Prop("value").As("Quantity").IsNotNull().Or(k.Prop("value").As("string").IsNotNull())),
                k => k.Prop("value")
            )
            .First();
        var value = If(
            codes.Matches(o.Prop("code"), ValueSetIds.TumorSizeMaximumDimension),
            ownValue,
            Coalesce(component, ownValue)
        );
        var quantity = value.As("Quantity");
        // A literal reference to a Condition, relative or absolute, possibly versioned; urn:uuid is not followed here.
        const string AnyCondition = "^(.*/)?Condition/[^/]+(/_history/[^/]+)?$";
        var tumorPattern = Str("^(.*/)?Condition/")
            .Plus(Ref("KidneyTumor").Value("id"))
            .Plus(Str("(/_history/[^/]+)?$"));
        var focusedOnTumor = o.Prop("focus").Query("F", f => f.Value("reference").Matches(tumorPattern)).Exists();
        var focusedElsewhere = o.Prop("focus")
            .Query("F", f => f.Value("reference").Matches(Str(AnyCondition)))
            .Exists()
            .And(focusedOnTumor.Not());
        var focusUnread = o.Prop("focus").Query("F", f => f.Value("reference").StartsWith("urn:")).Exists();
        var side = Side(o, codes, includeCode: false);
        var otherSide = side.IsNotNull()
            .And(Ref("KidneyTumorSide").IsNotNull())
            .And(side.EqualTo(Ref("KidneyTumorSide")).Not());
        var sideUnknown = o.Prop("bodySite").IsNotNull().And(side.IsNull().Or(Ref("KidneyTumorSide").IsNull()));
        var day = PrefillDefinitions.WhenObserved(o).DateFrom();
        return Tuple(
            ("observedOn", day),
            (
                "cm",
                If(
                    quantity.Value("comparator").IsNotNull(),
                    Null,
                    Coalesce(Centimetres(quantity, "code"), Centimetres(quantity, "unit"))
                )
            ),
            ("elsewhere", focusedOnTumor.Not().And(focusedElsewhere.Or(otherSide))),
            (
                "unweighable",
                value
                    .As("string")
                    .IsNotNull()
                    .Or(day.IsNull().And(value.IsNotNull()))
                    .Or(focusedOnTumor.Not().And(sideUnknown.Or(focusUnread)))
            )
        );
    }

    /// <summary>TumorSizeExtractor.ToCentimetres on the Quantity's code or unit (trimmed, lower case).</summary>
    private static CqlExpression Centimetres(CqlExpression quantity, string unitElement)
    {
        var unit = quantity.Value(unitElement).ReplaceMatches("^\\s+|\\s+$", "").Lower();
        var number = quantity.Value("value");
        return If(
            unit.In(Strings(["cm", "centimeter", "centimeters", "centimetre", "centimetres"])),
            number,
            If(
                unit.In(Strings(["mm", "millimeter", "millimeters", "millimetre", "millimetres"])),
                number.DividedBy(Dec(10m)),
                If(unit.In(Strings(["[in_i]", "in", "inch", "inches"])), number.Times(Dec(2.54m)), Null)
            )
        );
    }

    /// <summary>
    /// TumorTargeting.SideOf, without laterality-qualifier extensions (a resource carrying one has no side here):
    /// 'R' or 'L' when its code (a Condition's) or body site says one side only.
    /// </summary>
    private static CqlExpression Side(CqlExpression resource, PrefillCodes codes, bool includeCode)
    {
        CqlExpression Says(string valueSetId)
        {
            var bodySite = resource.Prop("bodySite");
            var sites = includeCode
                ? bodySite.Query("B", b => codes.Matches(b, valueSetId)).Exists()
                : codes.Matches(bodySite, valueSetId);
            return includeCode ? codes.Matches(resource.Prop("code"), valueSetId).Or(sites) : sites;
        }
        var right = Says(ValueSetIds.LateralityRight);
        var left = Says(ValueSetIds.LateralityLeft);
        var qualifier =
            (Func<CqlExpression, CqlExpression>)(
                element =>
                    element
                        .Prop("extension")
                        .Query("X", x => x.Value("url").EndsWith(Str("laterality-qualifier")))
                        .Exists()
            );
        var qualified = includeCode
            ? qualifier(resource).Or(resource.Prop("bodySite").Query("B", b => qualifier(b)).Exists())
            : qualifier(resource).Or(qualifier(resource.Prop("bodySite")));
        return If(qualified.Or(right.EqualTo(left)), Null, If(right, Str("R"), Str("L")));
    }
}
