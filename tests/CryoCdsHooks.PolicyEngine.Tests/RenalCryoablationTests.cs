using CryoCdsHooks.PolicyEngine.Terminology;
using CryoCdsHooks.PolicyEngine.Tests.TestData;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Tests;

public partial class RenalCryoablationTests
{
    /// <summary>Localized RCC of 3 cm; who the patient is surgically is left to each test.</summary>
    private static RecordBuilder SmallLocalizedRcc() =>
        new RecordBuilder().Condition("C64.1").TumorSize(3.0m, "cm").NoSpread();

    private static RecordBuilder NotCandidate(RecordBuilder record) =>
        record.Attestation(AttestationCodes.NotSurgicalCandidate, true);

    [Theory]
    [InlineData("50250")]
    [InlineData("50542")]
    [InlineData("50593")]
    public void Small_localized_rcc_in_a_non_surgical_candidate_is_covered(string cpt)
    {
        var result = Engine.Single(NotCandidate(SmallLocalizedRcc()), cpt);

        Assert.Equal(DeterminationOutcome.Covered, result.Outcome);
        Assert.Equal(ProcedureClass.RenalCryoablation, result.Procedure);
        Assert.Equal(cpt, result.CptCode);
        Assert.Empty(result.Missing);
        Assert.Empty(result.Alternatives);
        Assert.Equal(CriterionStatus.Met, result.StatusOf("not-surgical-candidate"));
    }

    [Fact]
    public void Laparoscopic_code_50542_carries_the_modality_note()
    {
        var result = Engine.Single(NotCandidate(SmallLocalizedRcc()), "50542");

        Assert.Contains(result.Notes, n => n.Contains("#259"));
    }

    [Fact]
    public void Surgical_candidate_attestation_false_means_not_a_candidate()
    {
        var result = Engine.Single(SmallLocalizedRcc().Attestation(AttestationCodes.SurgicalCandidate, false), "50593");

        Assert.Equal(DeterminationOutcome.Covered, result.Outcome);
    }

    [Fact]
    public void Snomed_procedure_contraindicated_condition_means_not_a_surgical_candidate()
    {
        var result = Engine.Single(SmallLocalizedRcc().Condition("183932001", CodeSystems.Snomed), "50593");

        Assert.Equal(DeterminationOutcome.Covered, result.Outcome);
    }

    [Fact]
    public void Snomed_procedure_contraindicated_observation_means_not_a_surgical_candidate()
    {
        var result = Engine.Single(SmallLocalizedRcc().Observation(CodeSystems.Snomed, "183932001", null, 3), "50593");

        Assert.Equal(DeterminationOutcome.Covered, result.Outcome);
    }

    [Fact]
    public void Latest_candidacy_statement_wins()
    {
        var record = SmallLocalizedRcc()
            .Attestation(AttestationCodes.NotSurgicalCandidate, true, daysBefore: 20)
            .Attestation(AttestationCodes.SurgicalCandidate, true, daysBefore: 2)
            .Egfr(75);

        Assert.Equal(DeterminationOutcome.Investigational, Engine.Single(record, "50593").Outcome);
    }

    [Fact]
    public void Performance_status_alone_does_not_decide_candidacy()
    {
        var record = SmallLocalizedRcc().Observation(CodeSystems.Loinc, "89247-1", new Integer(4), 3).Egfr(75);

        var result = Engine.Single(record, "50593");

        Assert.Equal(DeterminationOutcome.NeedsInformation, result.Outcome);
        Assert.Equal(["surgical-candidacy"], result.MissingCodes());
        Assert.Contains(Assert.Single(result.Criteria, c => c.Id == "not-surgical-candidate").Evidence, e =>
            e.Summary.Contains("supporting")
        );
    }

    [Fact]
    public void Surgical_candidate_with_two_kidneys_and_normal_egfr_is_investigational()
    {
        var record = SmallLocalizedRcc().Attestation(AttestationCodes.SurgicalCandidate, true).Egfr(75);

        var result = Engine.Single(record, "50593");

        Assert.Equal(DeterminationOutcome.Investigational, result.Outcome);
        Assert.Equal(PriorAuthorization.NotApplicable, result.PriorAuthorization);
        Assert.Contains(result.Alternatives, a => a.CptCode == "50543");
        Assert.Contains(result.Alternatives, a => a.CptCode == "50592" && a.Rationale.Contains("#259"));
    }

    [Fact]
    public void Surgical_candidate_whose_resection_would_not_worsen_function_is_investigational()
    {
        var record = SmallLocalizedRcc()
            .Attestation(AttestationCodes.SurgicalCandidate, true)
            .Condition("Z90.5")
            .Attestation(AttestationCodes.ResectionWorsensKidneyFunction, false);

        Assert.Equal(DeterminationOutcome.Investigational, Engine.Single(record, "50593").Outcome);
    }

    [Fact]
    public void Single_kidney_by_z90_5_with_resection_worsening_function_is_covered()
    {
        var record = SmallLocalizedRcc()
            .Attestation(AttestationCodes.SurgicalCandidate, true)
            .Condition("Z90.5")
            .Attestation(AttestationCodes.ResectionWorsensKidneyFunction, true);

        var result = Engine.Single(record, "50593");

        Assert.Equal(DeterminationOutcome.Covered, result.Outcome);
        Assert.Equal(CriterionStatus.Met, result.StatusOf("single-kidney"));
    }

    [Fact]
    public void Single_kidney_by_completed_nephrectomy_procedure_is_covered()
    {
        var record = SmallLocalizedRcc()
            .Attestation(AttestationCodes.SurgicalCandidate, true)
            .Procedure("50230")
            .Attestation(AttestationCodes.ResectionWorsensKidneyFunction, true);

        Assert.Equal(DeterminationOutcome.Covered, Engine.Single(record, "50593").Outcome);
    }

    [Fact]
    public void Partial_nephrectomy_does_not_make_a_single_kidney()
    {
        var record = SmallLocalizedRcc()
            .Procedure("50543")
            .Attestation(AttestationCodes.ResectionWorsensKidneyFunction, true)
            .Egfr(80)
            .Attestation(AttestationCodes.SurgicalCandidate, true);

        var result = Engine.Single(record, "50593");

        Assert.Equal(CriterionStatus.NotMet, result.StatusOf("single-kidney"));
        Assert.Equal(DeterminationOutcome.Investigational, result.Outcome);
    }

    [Fact]
    public void Kidney_transplant_status_is_only_a_note()
    {
        var record = NotCandidate(SmallLocalizedRcc()).Condition("Z94.0");

        var result = Engine.Single(record, "50593");

        // Covered as not a surgical candidate: the one-kidney route reads "not needed"; counted, it would read "met".
        Assert.Equal(CriterionStatus.NotNeeded, result.StatusOf("single-kidney"));
        Assert.Contains(result.Notes, n => n.Contains("Z94.0"));
    }

    [Fact]
    public void Coded_ckd_stage_4_without_egfr_is_renal_insufficiency()
    {
        var record = SmallLocalizedRcc()
            .Attestation(AttestationCodes.SurgicalCandidate, true)
            .Condition("N18.4")
            .Attestation(AttestationCodes.ResectionWorsensKidneyFunction, true);

        var result = Engine.Single(record, "50593");

        Assert.Equal(DeterminationOutcome.Covered, result.Outcome);
        Assert.Equal(CriterionStatus.Met, result.StatusOf("renal-insufficiency"));
    }

    [Fact]
    public void Preservation_needed_but_resection_effect_undocumented_needs_that_attestation()
    {
        var record = SmallLocalizedRcc().Attestation(AttestationCodes.SurgicalCandidate, true).Egfr(45);

        var result = Engine.Single(record, "50593");

        Assert.Equal(DeterminationOutcome.NeedsInformation, result.Outcome);
        Assert.Equal(["resection-worsens-kidney-function"], result.MissingCodes());
    }

    [Fact]
    public void Unknown_candidacy_and_kidney_function_names_both()
    {
        var result = Engine.Single(SmallLocalizedRcc(), "50593");

        Assert.Equal(DeterminationOutcome.NeedsInformation, result.Outcome);
        Assert.Equal(["surgical-candidacy", "egfr"], result.MissingCodes());
        Assert.Contains(result.Alternatives, a => a.CptCode == "50543");
    }

    [Fact]
    public void Missing_size_and_staging_are_named_exactly()
    {
        var record = NotCandidate(new RecordBuilder().Condition("C64.2"));

        var result = Engine.Single(record, "50593");

        Assert.Equal(DeterminationOutcome.NeedsInformation, result.Outcome);
        Assert.Equal(["tumor-size", "staging"], result.MissingCodes());
    }

    [Theory]
    [InlineData(4.0, "cm", DeterminationOutcome.Covered)]
    [InlineData(4.1, "cm", DeterminationOutcome.CriteriaNotMet)]
    [InlineData(40, "mm", DeterminationOutcome.Covered)]
    [InlineData(41, "mm", DeterminationOutcome.CriteriaNotMet)]
    [InlineData(4.04, "cm", DeterminationOutcome.CriteriaNotMet)]
    [InlineData(1.5, "[in_i]", DeterminationOutcome.Covered)]
    public void Tumor_size_limit_is_4_cm_inclusive_without_rounding(
        decimal value,
        string unit,
        DeterminationOutcome expected
    )
    {
        var record = NotCandidate(new RecordBuilder().Condition("C64.1").NoSpread().TumorSize(value, unit));

        Assert.Equal(expected, Engine.Single(record, "50593").Outcome);
    }

    [Fact]
    public void Tumor_size_is_read_from_the_maximum_dimension_component()
    {
        var record = NotCandidate(
            new RecordBuilder().Condition("C64.1").NoSpread().TumorSize(45, "mm", asComponent: true)
        );

        Assert.Equal(DeterminationOutcome.CriteriaNotMet, Engine.Single(record, "50593").Outcome);
    }

    [Fact]
    public void Tumor_size_coded_33728_7_directly_is_accepted()
    {
        var record = NotCandidate(
            new RecordBuilder().Condition("C64.1").NoSpread().TumorSize(2.5m, "cm", loinc: "33728-7")
        );

        Assert.Equal(DeterminationOutcome.Covered, Engine.Single(record, "50593").Outcome);
    }

    [Fact]
    public void Latest_tumor_size_wins()
    {
        var record = NotCandidate(
            new RecordBuilder()
                .Condition("C64.1")
                .NoSpread()
                .TumorSize(3.0m, "cm", daysBefore: 200)
                .TumorSize(4.6m, "cm", daysBefore: 10)
        );

        Assert.Equal(DeterminationOutcome.CriteriaNotMet, Engine.Single(record, "50593").Outcome);
    }

    [Fact]
    public void Preliminary_tumor_size_is_ignored()
    {
        var record = NotCandidate(
            new RecordBuilder()
                .Condition("C64.1")
                .NoSpread()
                .TumorSize(6.0m, "cm", status: ObservationStatus.Preliminary)
        );

        Assert.Equal(["tumor-size"], Engine.Single(record, "50593").MissingCodes());
    }

    [Theory]
    [InlineData("1228892002", DeterminationOutcome.Covered)] // cT1a: at most 4 cm
    [InlineData("1228895000", DeterminationOutcome.CriteriaNotMet)] // cT1b: over 4 cm
    public void T_category_stands_in_for_a_missing_size(string tCode, DeterminationOutcome expected)
    {
        var record = NotCandidate(
            new RecordBuilder().Condition("C64.1").NoSpread().Staging("21905-5", CodeSystems.Snomed, tCode)
        );

        var result = Engine.Single(record, "50593");

        Assert.Equal(expected, result.Outcome);
        Assert.NotEmpty(Assert.Single(result.Criteria, c => c.Id == "tumor-size").Evidence);
    }

    [Fact]
    public void Large_tumor_is_not_covered_before_asking_for_egfr()
    {
        var record = new RecordBuilder().Condition("C64.1").TumorSize(5.0m, "cm");

        var result = Engine.Single(record, "50593");

        Assert.Equal(DeterminationOutcome.CriteriaNotMet, result.Outcome);
        Assert.Empty(result.Missing);
        Assert.Equal(PriorAuthorization.NotApplicable, result.PriorAuthorization);
        Assert.NotEmpty(result.Alternatives);
    }

    [Fact]
    public void M1_staging_means_not_localized()
    {
        var record = NotCandidate(
            new RecordBuilder()
                .Condition("C64.1")
                .TumorSize(3m, "cm")
                .Staging("21907-1", CodeSystems.Snomed, "1229903009")
        );

        var result = Engine.Single(record, "50593");

        Assert.Equal(DeterminationOutcome.CriteriaNotMet, result.Outcome);
        Assert.Equal(CriterionStatus.NotMet, result.StatusOf("localized"));
    }

    [Theory]
    [InlineData("C78.01")]
    [InlineData("C79.51")]
    public void Active_metastasis_condition_means_not_localized(string metastasis)
    {
        var record = NotCandidate(new RecordBuilder().Condition("C64.1").TumorSize(3m, "cm").Condition(metastasis));

        Assert.Equal(DeterminationOutcome.CriteriaNotMet, Engine.Single(record, "50593").Outcome);
    }

    [Fact]
    public void Stage_group_ii_from_cancerstaging_org_means_localized()
    {
        var record = NotCandidate(
            new RecordBuilder().Condition("C64.1").TumorSize(3m, "cm").Staging("21908-9", CodeSystems.AjccStaging, "2")
        );

        Assert.Equal(DeterminationOutcome.Covered, Engine.Single(record, "50593").Outcome);
    }

    [Fact]
    public void Stage_summary_text_on_the_condition_is_a_last_resort()
    {
        var record = NotCandidate(
            new RecordBuilder()
                .TumorSize(3m, "cm")
                .Condition("C64.1", configure: c =>
                    c.Stage.Add(new Condition.StageComponent { Summary = new CodeableConcept { Text = "cT1aN0M0" } })
                )
        );

        Assert.Equal(DeterminationOutcome.Covered, Engine.Single(record, "50593").Outcome);
    }

    [Fact]
    public void Stage_iii_text_means_not_localized()
    {
        var record = NotCandidate(
            new RecordBuilder().Condition("C64.1").TumorSize(3m, "cm").StagingText("21908-9", "Stage III")
        );

        Assert.Equal(DeterminationOutcome.CriteriaNotMet, Engine.Single(record, "50593").Outcome);
    }
}
