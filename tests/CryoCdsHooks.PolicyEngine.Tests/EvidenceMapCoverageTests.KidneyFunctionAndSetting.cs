using CryoCdsHooks.PolicyEngine.Terminology;
using CryoCdsHooks.PolicyEngine.Tests.TestData;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Tests;

/// <summary>
/// Evidence map sections 7-13: kidney function, one kidney, candidacy, care setting, date of service, the order.
/// </summary>
public partial class EvidenceMapCoverageTests
{
    // ---- eGFR and CKD ----------------------------------------------------------------------------------------

    [Theory]
    [InlineData("98980-6")]
    [InlineData("62238-1")]
    [InlineData("88294-4")]
    [InlineData("88293-6")]
    [InlineData("33914-3")]
    [InlineData("48643-1")]
    [InlineData("50044-7")]
    [InlineData("70969-1")]
    [InlineData("77147-7")]
    [InlineData("76633-7")]
    [InlineData("69405-9")]
    [InlineData("50210-4")]
    [InlineData("94677-2")]
    public void Every_listed_egfr_loinc_code_is_read(string loinc) =>
        Assert.Equal(
            CriterionStatus.Met,
            Engine.Single(NeedsKidneyFunction().Egfr(45, loinc: loinc), "50593").StatusOf("renal-insufficiency")
        );

    [Fact]
    public void A_pediatric_egfr_counts_and_is_flagged()
    {
        var result = Engine.Single(NeedsKidneyFunction().Egfr(45, loinc: "50384-7"), "50593");

        Assert.Equal(CriterionStatus.Met, result.StatusOf("renal-insufficiency"));
        Assert.Contains(result.Notes, n => n.Contains("pediatric", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(ObservationStatus.Amended)]
    [InlineData(ObservationStatus.Corrected)]
    public void An_amended_or_corrected_egfr_counts(ObservationStatus status) =>
        Assert.Equal(
            CriterionStatus.Met,
            Engine.Single(NeedsKidneyFunction().Egfr(45, status: status), "50593").StatusOf("renal-insufficiency")
        );

    [Theory]
    [InlineData("effectivePeriod")]
    [InlineData("effectiveInstant")]
    [InlineData("issued")]
    public void An_egfr_dated_only_by_effective_period_end_instant_or_issued_is_read(string dateElement)
    {
        var built = NeedsKidneyFunction().Egfr(45).Build();
        var egfr = Assert.Single(built.Observations, o => o.Code.Coding[0].Code == "98979-8");
        var tenDaysBefore = new DateTimeOffset(
            RecordBuilder.OrderDate.AddDays(-10).ToDateTime(TimeOnly.MinValue),
            TimeSpan.Zero
        );
        egfr.Effective = dateElement switch
        {
            "effectivePeriod" => new Period
            {
                Start = RecordBuilder.DaysBefore(11),
                End = RecordBuilder.DaysBefore(10),
            },
            "effectiveInstant" => new Instant(tenDaysBefore),
            _ => null,
        };
        egfr.Issued = dateElement == "issued" ? tenDaysBefore : null;

        Assert.Equal(CriterionStatus.Met, Single(built, Orders.For("50593")).StatusOf("renal-insufficiency"));
    }

    [Theory]
    [InlineData(CodeSystems.Icd10Cm, "N18.6")]
    [InlineData(CodeSystems.Icd10Cm, "Z99.2")]
    [InlineData(CodeSystems.Icd10Cm, "I12.0")]
    [InlineData(CodeSystems.Icd10Cm, "I13.11")]
    [InlineData(CodeSystems.Snomed, "433144002")] // CKD stage 3
    [InlineData(CodeSystems.Snomed, "46177005")] // end-stage renal disease
    public void Coded_ckd_stage_3_to_5_in_each_listed_form_is_renal_insufficiency(string system, string code) =>
        Assert.Equal(
            CriterionStatus.Met,
            Engine.Single(NeedsKidneyFunction().Condition(code, system), "50593").StatusOf("renal-insufficiency")
        );

    [Theory]
    [InlineData(EventStatus.InProgress, CriterionStatus.Met)]
    [InlineData(EventStatus.NotDone, CriterionStatus.Unknown)]
    [InlineData(EventStatus.EnteredInError, CriterionStatus.Unknown)]
    [InlineData(EventStatus.Preparation, CriterionStatus.Unknown)]
    public void Dialysis_counts_only_when_completed_or_in_progress(EventStatus status, CriterionStatus expected) =>
        Assert.Equal(
            expected,
            Engine
                .Single(
                    NeedsKidneyFunction().ProcedureCoded(CodeSystems.Cpt, "90935", daysBefore: 20, status: status),
                    "50593"
                )
                .StatusOf("renal-insufficiency")
        );

    // ---- one kidney ------------------------------------------------------------------------------------------

    [Fact]
    public void Unilateral_renal_agenesis_q60_0_is_one_kidney() =>
        Assert.Equal(
            CriterionStatus.Met,
            Engine.Single(NeedsKidneyFunction().Condition("Q60.0"), "50593").StatusOf("single-kidney")
        );

    [Theory]
    [InlineData(EventStatus.InProgress)]
    [InlineData(EventStatus.NotDone)]
    [InlineData(EventStatus.EnteredInError)]
    [InlineData(EventStatus.Stopped)]
    public void A_nephrectomy_that_was_not_completed_is_not_one_kidney(EventStatus status) =>
        Assert.Equal(
            CriterionStatus.NotMet,
            Engine.Single(NeedsKidneyFunction().Egfr(80).Procedure("50230", status), "50593").StatusOf("single-kidney")
        );

    // ---- surgical candidacy, resection effect, airway ----------------------------------------------------------

    [Fact]
    public void A_procedure_contraindicated_observation_valued_false_does_not_count()
    {
        var record = new RecordBuilder()
            .Condition("C64.1")
            .TumorSize(3m, "cm")
            .NoSpread()
            .Egfr(80)
            .Observation(CodeSystems.Snomed, "183932001", new FhirBoolean(false), 3);

        Assert.Equal(["surgical-candidacy"], Engine.Single(record, "50593").MissingCodes());
    }

    [Theory]
    [InlineData(ObservationStatus.Preliminary)]
    [InlineData(ObservationStatus.EnteredInError)]
    public void An_attestation_that_is_not_final_is_not_used(ObservationStatus status)
    {
        var record = new RecordBuilder()
            .Condition("C64.1")
            .TumorSize(3m, "cm")
            .NoSpread()
            .Egfr(80)
            .Observation(
                CodeSystems.Attestation,
                AttestationCodes.NotSurgicalCandidate,
                new FhirBoolean(true),
                1,
                status
            );

        Assert.Equal(["surgical-candidacy"], Engine.Single(record, "50593").MissingCodes());
    }

    /// <summary>"Is a candidate" and "is not a candidate" attested the same day: the data does not decide.</summary>
    [Fact]
    public void Contradicting_candidacy_attestations_of_one_day_ask_for_candidacy()
    {
        var record = new RecordBuilder()
            .Condition("C64.1")
            .TumorSize(3m, "cm")
            .NoSpread()
            .Egfr(80)
            .Attestation(AttestationCodes.NotSurgicalCandidate, true)
            .Attestation(AttestationCodes.SurgicalCandidate, true);

        var result = Engine.Single(record, "50593");

        Assert.Equal(DeterminationOutcome.NeedsInformation, result.Outcome);
        Assert.Contains("surgical-candidacy", result.MissingCodes());
    }

    [Fact]
    public void A_later_candidacy_attestation_decides_after_a_day_of_contradicting_ones()
    {
        var record = new RecordBuilder()
            .Condition("C64.1")
            .TumorSize(3m, "cm")
            .NoSpread()
            .Egfr(80)
            .Attestation(AttestationCodes.NotSurgicalCandidate, true, daysBefore: 5)
            .Attestation(AttestationCodes.SurgicalCandidate, true, daysBefore: 5)
            .Attestation(AttestationCodes.NotSurgicalCandidate, true, daysBefore: 2);

        Assert.Equal(DeterminationOutcome.Covered, Engine.Single(record, "50593").Outcome);
    }

    [Fact]
    public void The_latest_resection_effect_attestation_wins()
    {
        var record = new RecordBuilder()
            .Condition("C64.1")
            .TumorSize(3m, "cm")
            .NoSpread()
            .Egfr(45)
            .Attestation(AttestationCodes.SurgicalCandidate, true)
            .Attestation(AttestationCodes.ResectionWorsensKidneyFunction, true, daysBefore: 20)
            .Attestation(AttestationCodes.ResectionWorsensKidneyFunction, false, daysBefore: 2);

        Assert.Equal(DeterminationOutcome.Investigational, Engine.Single(record, "50593").Outcome);
    }

    /// <summary>
    /// "Resection would worsen kidney function" true and false the same day: the data does not decide.
    /// </summary>
    [Fact]
    public void Contradicting_resection_effect_attestations_of_one_day_do_not_decide_by_their_order()
    {
        RecordBuilder Record(bool lastValue) =>
            new RecordBuilder()
                .Condition("C64.1")
                .TumorSize(3m, "cm")
                .NoSpread()
                .Egfr(45)
                .Attestation(AttestationCodes.SurgicalCandidate, true)
                .Attestation(AttestationCodes.ResectionWorsensKidneyFunction, !lastValue)
                .Attestation(AttestationCodes.ResectionWorsensKidneyFunction, lastValue);

        var trueLast = Engine.Single(Record(true), "50593");
        var falseLast = Engine.Single(Record(false), "50593");

        Assert.Equal(
            (DeterminationOutcome.NeedsInformation, DeterminationOutcome.NeedsInformation),
            (trueLast.Outcome, falseLast.Outcome)
        );
        Assert.Contains("resection-worsens-kidney-function", trueLast.MissingCodes());
    }

    [Fact]
    public void An_airway_obstruction_condition_is_shown_but_does_not_decide()
    {
        var result = Engine.Single(new RecordBuilder().Condition("C34.01").Condition("J98.09"), "32994");

        Assert.Equal(CriterionStatus.Unknown, result.StatusOf("central-airway-obstruction"));
        Assert.Contains(Assert.Single(result.Criteria, c => c.Id == "central-airway-obstruction").Evidence, e =>
            e.Summary.StartsWith("J98.09", StringComparison.Ordinal)
        );
        Assert.Contains("central-airway-obstruction", result.MissingCodes());
    }

    // ---- care setting ----------------------------------------------------------------------------------------

    [Theory]
    [InlineData(CodeSystems.ActCode, "SS", CareSetting.Outpatient)]
    [InlineData(CodeSystems.ActCode, "HH", CareSetting.Outpatient)]
    [InlineData(CodeSystems.ActCode, "VR", CareSetting.Outpatient)]
    [InlineData("urn:oid:2.16.840.1.113883.5.4", "IMP", CareSetting.Inpatient)]
    // HL7 v2 patient class: not read
    [InlineData("http://terminology.hl7.org/CodeSystem/v2-0004", "I", CareSetting.Unknown)]
    public void The_encounter_class_decides_the_setting_by_its_system_and_code(
        string system,
        string code,
        CareSetting expected
    )
    {
        var record = CoveredKidney().Build() with
        {
            Encounter = new Encounter
            {
                Id = "enc",
                Status = Encounter.EncounterStatus.InProgress,
                Class = new Coding(system, code),
            },
        };

        Assert.Equal(expected, Single(record, Orders.For("50593")).Setting);
    }

    // ---- date of service and the order -----------------------------------------------------------------------

    [Fact]
    public void An_occurrence_timing_names_no_date_so_authored_on_decides()
    {
        var order = new ServiceRequest
        {
            Occurrence = new Timing { EventElement = [new FhirDateTime("2026-12-01")] },
            AuthoredOn = "2026-11-20",
        };

        Assert.Equal(
            new ServiceDate(new DateOnly(2026, 11, 20), ServiceDateSource.AuthoredOn),
            ServiceDate.Of(order, new DateOnly(2026, 12, 2))
        );
    }

    [Fact]
    public void The_egfr_window_is_counted_back_from_the_occurrence_not_from_authored_on()
    {
        var order = Orders.For("50593");
        order.Occurrence = new FhirDateTime(RecordBuilder.OrderDate.AddDays(100).ToString("yyyy-MM-dd"));

        var result = Engine.Single(NeedsKidneyFunction().Egfr(45, daysBefore: 10), order);

        Assert.Equal(["egfr"], result.MissingCodes());
    }

    [Fact]
    public void The_policy_code_is_found_among_other_codings_of_the_order()
    {
        var order = Orders.For("50593");
        order.Code = new CodeableConcept
        {
            Coding =
            [
                new Coding("urn:oid:1.2.840.114350.1.13.0.1.7.2.696580", "IMG1234"),
                new Coding(CodeSystems.Cpt, "50593"),
            ],
        };

        var result = Engine.Single(CoveredKidney(), order);

        Assert.Equal(("50593", DeterminationOutcome.Covered), (result.CptCode, result.Outcome));
    }
}
