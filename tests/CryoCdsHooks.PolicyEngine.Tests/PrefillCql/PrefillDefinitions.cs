using CryoCdsHooks.PolicyEngine.Facts;
using CryoCdsHooks.PolicyEngine.Rules;
using CryoCdsHooks.PolicyEngine.Terminology;
using CryoCdsHooks.PolicyEngine.Versions;
using static CryoCdsHooks.PolicyEngine.Tests.PrefillCql.CqlExpression;

namespace CryoCdsHooks.PolicyEngine.Tests.PrefillCql;

/// <summary>
/// The one source of the prefill Library's definitions (eGFR in <see cref="PrefillEgfr"/>, tumour size in
/// <see cref="PrefillTumorSize"/>, lung histology in <see cref="PrefillHistology"/>, staging in
/// <see cref="PrefillStaging"/>). Each is written once, as a <see cref="CqlExpression"/>, from the engine's own
/// data: code lists from its ValueSet files (<see cref="PrefillCodes"/>), numbers from the edition's
/// <see cref="PolicyNumbers"/>, attestation codes from <see cref="AttestationCodes"/>. The reading rules follow the
/// engine's extractors (named on each definition) for the common shapes only; what they leave out is counted by
/// <see cref="PrefillAgreementTests"/> and listed in docs/dtr.md.
/// </summary>
internal static class PrefillDefinitions
{
    public const string DateOfService = "DateOfService";

    /// <summary>The fact items that are no missing-information code: the latest eGFR and one kidney.</summary>
    public const string Egfr = "egfr";
    public const string SingleKidneyItem = "single-kidney";

    /// <summary>The unit of the eGFR answer (the engine normalises every reading to it).</summary>
    public const string EgfrUnit = "mL/min/{1.73_m2}";

    private static readonly string[] FinalStatuses = ["final", "amended", "corrected"];
    private static readonly string[] CurrentClinical = ["active", "recurrence", "relapse"];
    private static readonly string[] ClinicalCodes = [.. CurrentClinical, "inactive", "remission", "resolved"];
    private static readonly string[] NotConfirmed =
    [
        "refuted",
        "entered-in-error",
        "provisional",
        "unconfirmed",
        "differential",
    ];
    private static readonly string[] VerificationCodes = [.. NotConfirmed, "confirmed"];

    /// <summary>Every definition in library order; those named after a Questionnaire linkId are the answers.</summary>
    public static IReadOnlyList<(string Name, CqlExpression Expression)> All(
        PolicyNumbers numbers,
        PrefillCodes codes
    ) =>
        [
            ("FinalObservations", FinalObservations()),
            ("CurrentConditions", CurrentConditions()),
            .. PrefillEgfr.Definitions(numbers, codes),
            .. Latest("SurgicalCandidacy", CandidacyStatements(codes), MissingInformationCodes.SurgicalCandidacy.Code),
            .. Latest(
                "ResectionEffect",
                Attested(AttestationCodes.ResectionWorsensKidneyFunction, negate: false),
                MissingInformationCodes.ResectionWorsensKidneyFunction.Code
            ),
            .. Latest(
                "AirwayObstruction",
                Attested(AttestationCodes.CentralAirwayObstruction, negate: false),
                MissingInformationCodes.CentralAirwayObstruction.Code
            ),
            .. PrefillTumorSize.Definitions(numbers, codes),
            .. PrefillHistology.Definitions(codes),
            .. PrefillStaging.Definitions(codes),
            (SingleKidneyItem, SingleKidney(codes)),
        ];

    /// <summary>ResourceReading.IsFinal.</summary>
    private static CqlExpression FinalObservations() =>
        Retrieve("Observation").Query("O", o => o.Value("status").In(Strings(FinalStatuses)).And(Unmodified(o)));

    /// <summary>
    /// ClinicalConditions: not excluded, not suspected, clinically current (or no status), not abated.
    /// </summary>
    private static CqlExpression CurrentConditions() =>
        Retrieve("Condition")
            .Query("Cond", c =>
                Unmodified(c)
                    .And(c.Prop("abatement").IsNull())
                    .And(Verification(c).In(Strings(NotConfirmed)).Not())
                    .And(
                        Coalesce(
                                StatusCode(c.Prop("clinicalStatus"), "condition-clinical", ClinicalCodes),
                                Str("active")
                            )
                            .In(Strings(CurrentClinical))
                    )
            );

    /// <summary>The Condition's verification status code ("" when it has none).</summary>
    internal static CqlExpression Verification(CqlExpression condition) =>
        Coalesce(StatusCode(condition.Prop("verificationStatus"), "condition-ver-status", VerificationCodes), Str(""));

    /// <summary>
    /// The status coding of the bound CodeSystem, else a system-less coding holding one of its codes.
    /// </summary>
    private static CqlExpression StatusCode(CqlExpression status, string codeSystem, string[] codes) =>
        Coalesce(
            status
                .Prop("coding")
                .Query(
                    "St",
                    s => s.Value("system").EqualTo(Str("http://terminology.hl7.org/CodeSystem/" + codeSystem)),
                    s => s.Value("code")
                )
                .First(),
            status
                .Prop("coding")
                .Query(
                    "St",
                    s => s.Prop("system").IsNull().And(s.Value("code").In(Strings(codes))),
                    s => s.Value("code")
                )
                .First()
        );

    /// <summary>
    /// SurgicalCandidacyExtractor: "is a surgical candidate" attestations, their opposite, contraindications.
    /// </summary>
    private static CqlExpression CandidacyStatements(PrefillCodes codes)
    {
        var fromConditions = Ref("CurrentConditions")
            .Query(
                "Cond",
                c => codes.Matches(c.Prop("code"), ValueSetIds.ProcedureContraindicated),
                c =>
                    Statement(
                        Bool(false),
                        Coalesce(c.Value("recordedDate"), c.Prop("onset").As("dateTime").Prop("value"))
                    )
            );
        var fromObservations = Ref("FinalObservations")
            .Query(
                "O",
                o =>
                    codes
                        .Matches(o.Prop("code"), ValueSetIds.ProcedureContraindicated)
                        .And(
                            o.Prop("dataAbsentReason")
                                .IsNotNull()
                                .Or(Coalesce(o.Prop("value").As("boolean").Prop("value"), Bool(true)))
                        ),
                o => Statement(Bool(false), WhenObserved(o))
            );
        return Attested(AttestationCodes.SurgicalCandidate, negate: false)
            .Union(Attested(AttestationCodes.NotSurgicalCandidate, negate: true))
            .Union(fromConditions)
            .Union(fromObservations);
    }

    /// <summary>AttestationReader.All: final attestation Observations with a boolean value.</summary>
    private static CqlExpression Attested(string attestationCode, bool negate) =>
        Ref("FinalObservations")
            .Query(
                "O",
                o =>
                    o.Prop("code")
                        .Prop("coding")
                        .Query("Cd", c =>
                            c.Value("system")
                                .EqualTo(Str(CodeSystems.Attestation))
                                .And(c.Value("code").EqualTo(Str(attestationCode)))
                        )
                        .Exists()
                        .And(o.Prop("dataAbsentReason").IsNull())
                        .And(o.Prop("value").As("boolean").Prop("value").IsNotNull()),
                o =>
                {
                    var value = o.Prop("value").As("boolean").Prop("value");
                    return Statement(negate ? value.Not() : value, WhenObserved(o));
                }
            );

    private static CqlExpression Statement(CqlExpression value, CqlExpression when) =>
        Tuple(("value", value), ("observedAt", when), ("observedOn", when.DateFrom()));

    /// <summary>
    /// LatestStatements: the statements of the latest day decide; when they disagree the fact is unknown. Undated
    /// statements are not weighed here (the engine counts them as older than any dated one).
    /// </summary>
    private static IEnumerable<(string, CqlExpression)> Latest(string fact, CqlExpression statements, string linkId)
    {
        yield return (fact + "Statements", statements);
        yield return (
            fact + "LatestDay",
            Ref(fact + "Statements")
                .Query("S", s => s.Prop("observedAt").IsNotNull(), sortBy: ["observedAt"])
                .Last()
                .Prop("observedOn")
        );
        var latestValues = Ref(fact + "Statements")
            .Query("S", s => s.Prop("observedOn").EqualTo(Ref(fact + "LatestDay")), s => s.Prop("value"));
        yield return (linkId, If(latestValues.Distinct().Count().EqualTo(Int(1)), latestValues.First(), Null));
    }

    /// <summary>SingleKidneyExtractor: a current Z90.5 / Q60.0 Condition or a completed total nephrectomy.</summary>
    private static CqlExpression SingleKidney(PrefillCodes codes)
    {
        var condition = Ref("CurrentConditions")
            .Query("Cond", c => codes.Matches(c.Prop("code"), ValueSetIds.SingleKidney))
            .Exists();
        var nephrectomy = Retrieve("Procedure")
            .Query("P", p =>
                Unmodified(p)
                    .And(p.Value("status").EqualTo(Str("completed")))
                    .And(codes.Matches(p.Prop("code"), ValueSetIds.TotalNephrectomy))
            )
            .Exists();
        // Found: true; not found is not "no" (the record may not say), so the item is left for the clinician.
        return If(condition.Or(nephrectomy), Bool(true), Null);
    }

    /// <summary>Whether the Condition carries an mCODE histology (<see cref="ResourceReading.HistologyOf"/>).</summary>
    internal static CqlExpression HasMcodeHistology(CqlExpression condition) =>
        condition
            .Prop("extension")
            .Query("X", x => x.Value("url").EqualTo(Str(ResourceReading.HistologyExtensionUrl)))
            .Exists();

    /// <summary>
    /// RecordScope: a resource with a modifierExtension this CQL does not understand (it understands none) is not
    /// read. Only the resource's own modifierExtension is checked here; the engine also walks its elements.
    /// </summary>
    internal static CqlExpression Unmodified(CqlExpression resource) =>
        resource.Prop("modifierExtension").Exists().Not();

    /// <summary>
    /// ResourceReading.WhenObserved(Observation): effective[x] (period end, else start), else issued.
    /// </summary>
    internal static CqlExpression WhenObserved(CqlExpression o) =>
        Coalesce(
            o.Prop("effective").As("dateTime").Prop("value"),
            o.Prop("effective").As("Period").Value("end"),
            o.Prop("effective").As("Period").Value("start"),
            o.Prop("effective").As("instant").Prop("value"),
            o.Value("issued")
        );
}
