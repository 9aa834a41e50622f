using CryoCdsHooks.PolicyEngine.Rules;
using CryoCdsHooks.PolicyEngine.Terminology;
using CryoCdsHooks.PolicyEngine.Tests.TestData;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Tests.PrefillCql;

/// <summary>
/// The reading rules the prefill CQL claims to share with the engine, one record per rule (the shapes of
/// KidneyFunctionTests, the attestation and one-kidney tests), executed like the samples: each case's item must
/// compare as expected, and no item of any case may disagree.
/// </summary>
public class PrefillShapeTests
{
    private const string Egfr = PrefillDefinitions.Egfr;
    private const string SingleKidney = PrefillDefinitions.SingleKidneyItem;
    private static readonly string Size = PrefillTumorSize.Item;
    private static readonly string Candidacy = MissingInformationCodes.SurgicalCandidacy.Code;
    private static readonly string Resection = MissingInformationCodes.ResectionWorsensKidneyFunction.Code;
    private static readonly string Histology = PrefillHistology.Item;
    private static readonly string Staging = PrefillStaging.Item;
    private const string NodeN = "21906-3";
    private const string MetastasisM = "21907-1";
    private const string NsclcSnomed = "254637007";
    private const string SclcSnomed = "254632001";

    private static readonly (string Key, RecordBuilder Record, string Item, PrefillAgreement Expected)[] Cases =
    [
        ("egfr-ucum", new RecordBuilder().Egfr(57m), Egfr, PrefillAgreement.Agree),
        ("egfr-si-ml-per-s", new RecordBuilder().Egfr(0.95m, "mL/s/{1.73_m2}"), Egfr, PrefillAgreement.Agree),
        ("egfr-spelling", new RecordBuilder().Egfr(52m, "ml/min/1.73 m²"), Egfr, PrefillAgreement.Agree),
        (
            "egfr-no-unit",
            new RecordBuilder().Observation(CodeSystems.Loinc, "98979-8", new Quantity { Value = 50m }, 3),
            Egfr,
            PrefillAgreement.Agree
        ),
        ("egfr-89-days", new RecordBuilder().Egfr(45m, daysBefore: 89), Egfr, PrefillAgreement.Agree),
        (
            "egfr-latest-wins",
            new RecordBuilder().Egfr(40m, daysBefore: 30).Egfr(70m, daysBefore: 5),
            Egfr,
            PrefillAgreement.Agree
        ),
        (
            "egfr-same-day-ckd-epi-2021-first",
            new RecordBuilder().Egfr(55m, loinc: "48642-3").Egfr(58m),
            Egfr,
            PrefillAgreement.Agree
        ),
        ("egfr-same-day-lower", new RecordBuilder().Egfr(58m).Egfr(52m), Egfr, PrefillAgreement.Agree),
        ("egfr-stale", new RecordBuilder().Egfr(40m, daysBefore: 91), Egfr, PrefillAgreement.BothEmpty),
        ("egfr-after-the-order", new RecordBuilder().Egfr(40m, daysBefore: -2), Egfr, PrefillAgreement.BothEmpty),
        (
            "egfr-preliminary",
            new RecordBuilder().Egfr(40m, status: ObservationStatus.Preliminary),
            Egfr,
            PrefillAgreement.BothEmpty
        ),
        ("egfr-clearance-ml-per-min", new RecordBuilder().Egfr(40m, "mL/min"), Egfr, PrefillAgreement.BothEmpty),
        ("egfr-implausible", new RecordBuilder().Egfr(400m), Egfr, PrefillAgreement.BothEmpty),
        // Left to the clinician: a bound or a value string is not a number the form can carry.
        (
            "egfr-bound",
            new RecordBuilder().Egfr(60m, comparator: Quantity.QuantityComparator.GreaterThan),
            Egfr,
            PrefillAgreement.Gap
        ),
        ("egfr-value-string", new RecordBuilder().EgfrText("45 mL/min/1.73m2"), Egfr, PrefillAgreement.Gap),
        (
            "egfr-string-hides-an-older-number",
            new RecordBuilder().Egfr(70m, daysBefore: 30).EgfrText(">60"),
            Egfr,
            PrefillAgreement.Gap
        ),
        ("size-cm", Rcc().TumorSize(3.0m, "cm"), Size, PrefillAgreement.Agree),
        ("size-mm-component", Rcc().TumorSize(45m, "mm", asComponent: true), Size, PrefillAgreement.Agree),
        ("size-33728-7", Rcc().TumorSize(2.5m, "cm", loinc: "33728-7"), Size, PrefillAgreement.Agree),
        ("size-inches", Rcc().TumorSize(1.5m, "[in_i]"), Size, PrefillAgreement.Agree),
        (
            "size-latest-day-largest",
            Rcc().TumorSize(5m, "cm", daysBefore: 40).TumorSize(2.1m, "cm").TumorSize(2.6m, "cm"),
            Size,
            PrefillAgreement.Agree
        ),
        ("size-focused-on-the-tumour", Rcc().TumorSize(3.3m, "cm", focus: "rcc"), Size, PrefillAgreement.Agree),
        (
            "size-focused-on-another-condition",
            Rcc().TumorSize(3.3m, "cm", focus: "other").TumorSize(2.2m, "cm", daysBefore: 20),
            Size,
            PrefillAgreement.Agree
        ),
        ("size-after-the-order", Rcc().TumorSize(3m, "cm", daysBefore: -3), Size, PrefillAgreement.BothEmpty),
        (
            "size-preliminary",
            Rcc().TumorSize(3m, "cm", status: ObservationStatus.Preliminary),
            Size,
            PrefillAgreement.BothEmpty
        ),
        (
            "size-no-unit-not-guessed",
            Rcc().Observation(CodeSystems.Loinc, "21889-1", new Quantity { Value = 3m }, 5),
            Size,
            PrefillAgreement.BothEmpty
        ),
        (
            "size-of-one-of-two-tumours",
            new RecordBuilder().Condition("C64.1", id: "rcc").Condition("C64.2").TumorSize(3m, "cm", focus: "rcc"),
            Size,
            PrefillAgreement.Gap
        ),
        (
            "candidacy-latest-day",
            new RecordBuilder()
                .Attestation(AttestationCodes.SurgicalCandidate, true, daysBefore: 10)
                .Attestation(AttestationCodes.NotSurgicalCandidate, true, daysBefore: 2),
            Candidacy,
            PrefillAgreement.Agree
        ),
        (
            "candidacy-same-day-contradiction",
            new RecordBuilder()
                .Attestation(AttestationCodes.SurgicalCandidate, true)
                .Attestation(AttestationCodes.NotSurgicalCandidate, true),
            Candidacy,
            PrefillAgreement.BothEmpty
        ),
        (
            "candidacy-contraindication",
            new RecordBuilder().Condition("183932001", CodeSystems.Snomed),
            Candidacy,
            PrefillAgreement.Agree
        ),
        (
            "candidacy-refuted-contraindication",
            new RecordBuilder().Condition("183932001", CodeSystems.Snomed, verificationStatus: "refuted"),
            Candidacy,
            PrefillAgreement.BothEmpty
        ),
        (
            "resection-not-final",
            new RecordBuilder().Observation(
                CodeSystems.Attestation,
                AttestationCodes.ResectionWorsensKidneyFunction,
                new FhirBoolean(true),
                1,
                ObservationStatus.Preliminary
            ),
            Resection,
            PrefillAgreement.BothEmpty
        ),
        ("one-kidney-z90-5", new RecordBuilder().Condition("Z90.5"), SingleKidney, PrefillAgreement.Agree),
        ("one-kidney-without-dot", new RecordBuilder().Condition("Z905"), SingleKidney, PrefillAgreement.Agree),
        (
            "one-kidney-resolved",
            new RecordBuilder().Condition("Z90.5", clinicalStatus: "resolved"),
            SingleKidney,
            PrefillAgreement.BothEmpty
        ),
        ("one-kidney-nephrectomy", new RecordBuilder().Procedure("50220"), SingleKidney, PrefillAgreement.Agree),
        (
            "one-kidney-nephrectomy-in-progress",
            new RecordBuilder().Procedure("50220", EventStatus.InProgress),
            SingleKidney,
            PrefillAgreement.BothEmpty
        ),
        (
            "histology-snomed-beside-the-c34-condition",
            new RecordBuilder().Condition("C34.11").Condition(NsclcSnomed, CodeSystems.Snomed),
            Histology,
            PrefillAgreement.Agree
        ),
        (
            "histology-small-cell",
            new RecordBuilder().Condition(SclcSnomed, CodeSystems.Snomed),
            Histology,
            PrefillAgreement.Agree
        ),
        (
            "histology-provisional",
            new RecordBuilder()
                .Condition("C34.11")
                .Condition(NsclcSnomed, CodeSystems.Snomed, verificationStatus: "provisional"),
            Histology,
            PrefillAgreement.BothEmpty
        ),
        (
            "histology-resolved",
            new RecordBuilder().Condition(NsclcSnomed, CodeSystems.Snomed, clinicalStatus: "resolved"),
            Histology,
            PrefillAgreement.BothEmpty
        ),
        // Left to the clinician: both kinds recorded (the engine reads small cell), a report's conclusion.
        (
            "histology-both-kinds",
            new RecordBuilder().Condition(NsclcSnomed, CodeSystems.Snomed).Condition(SclcSnomed, CodeSystems.Snomed),
            Histology,
            PrefillAgreement.Gap
        ),
        (
            "histology-in-a-pathology-report",
            new RecordBuilder().Condition("C34.11").Report("path", [new Coding(CodeSystems.Snomed, NsclcSnomed)]),
            Histology,
            PrefillAgreement.Gap
        ),
        ("staging-n0-m0", Rcc().NoSpread(), Staging, PrefillAgreement.Agree),
        (
            "staging-lung-n1-m0",
            new RecordBuilder()
                .Condition("C34.11")
                .Staging(NodeN, CodeSystems.Snomed, "1229973008")
                .Staging(MetastasisM, CodeSystems.Snomed, "1229901006"),
            Staging,
            PrefillAgreement.Agree
        ),
        (
            "staging-beside-a-cancerstaging-group",
            Rcc().NoSpread().Staging("21908-9", CodeSystems.AjccStaging, "1", "Stage I"),
            Staging,
            PrefillAgreement.Agree
        ),
        ("staging-n-only", Rcc().Staging(NodeN, CodeSystems.Snomed, "1229967007"), Staging, PrefillAgreement.BothEmpty),
        // Left to the clinician: a later N on another day, a value as text, a metastasis Condition.
        (
            "staging-later-n1",
            Rcc().NoSpread(daysBefore: 20).Staging(NodeN, CodeSystems.Snomed, "1229973008", daysBefore: 5),
            Staging,
            PrefillAgreement.Gap
        ),
        (
            "staging-n-as-text",
            Rcc().StagingText(NodeN, "cN0").Staging(MetastasisM, CodeSystems.Snomed, "1229901006"),
            Staging,
            PrefillAgreement.Gap
        ),
        ("staging-beside-a-metastasis", Rcc().NoSpread().Condition("C78.00"), Staging, PrefillAgreement.Gap),
    ];

    /// <summary>The only kidney tumour: a current right renal cell carcinoma, id "rcc".</summary>
    private static RecordBuilder Rcc() => new RecordBuilder().Condition("C64.1", id: "rcc");

    [CqlRunnerFact]
    public void Each_shared_reading_rule_gives_the_engines_answer_or_its_documented_gap()
    {
        // Renal cryoablation, or lung cryoablation for the histology and the lung staging.
        var cases = Cases
            .Select(c => new PrefillCase(
                c.Key,
                c.Record.Build(),
                Orders.For(
                    c.Item == Histology || c.Key.StartsWith("staging-lung", StringComparison.Ordinal)
                        ? "32994"
                        : "50593"
                ),
                RecordBuilder.OrderDate
            ))
            .ToList();

        var outcomes = PrefillRun.Compare(cases);

        Assert.Empty(outcomes.Where(o => o.Kind == PrefillAgreement.Disagree).Select(o => o.ToString()));
        Assert.Equal(
            Cases.Select(c => $"{c.Key}: {c.Expected}"),
            Cases.Select(c => $"{c.Key}: {outcomes.Single(o => o.Key == c.Key && o.Item == c.Item).Kind}")
        );
    }
}
