using CryoCdsHooks.PolicyEngine.Terminology;
using CryoCdsHooks.PolicyEngine.Tests.TestData;

namespace CryoCdsHooks.PolicyEngine.Tests;

public class LungCryoablationTests
{
    private const string Nsclc = "254637007";
    private const string Sclc = "254632001";

    private static RecordBuilder NsclcOfRightUpperLobe() =>
        new RecordBuilder().Condition("C34.11").Condition(Nsclc, CodeSystems.Snomed);

    [Theory]
    [InlineData("32994")]
    [InlineData("0340T")]
    public void Stage_ia_nsclc_in_a_non_surgical_candidate_is_covered(string cpt)
    {
        var record = NsclcOfRightUpperLobe()
            .Staging("21908-9", CodeSystems.AjccStaging, "1A")
            .Attestation(AttestationCodes.NotSurgicalCandidate, true);

        var result = Engine.Single(record, cpt);

        Assert.Equal(DeterminationOutcome.Covered, result.Outcome);
        Assert.Equal(ProcedureClass.LungCryoablation, result.Procedure);
        Assert.Equal(CriterionStatus.Met, result.StatusOf("early-stage"));
        Assert.Equal(CriterionStatus.Met, result.StatusOf("non-small-cell-histology"));
    }

    [Fact]
    public void Histology_on_its_own_condition_counts_when_the_order_names_the_c34_condition()
    {
        var record = new RecordBuilder()
            .Condition("C34.11", id: "tumor")
            .Condition(Nsclc, CodeSystems.Snomed)
            .Staging("21908-9", CodeSystems.AjccStaging, "1A")
            .Attestation(AttestationCodes.NotSurgicalCandidate, true);

        var result = Engine.Single(record, Orders.For("32994", reasonConditionId: "tumor"));

        Assert.Equal(DeterminationOutcome.Covered, result.Outcome);
    }

    [Fact]
    public void Conflicting_histology_elsewhere_in_the_record_still_needs_histology()
    {
        var record = new RecordBuilder()
            .Condition("C34.11", id: "tumor")
            .Condition(Nsclc, CodeSystems.Snomed)
            .Condition(Sclc, CodeSystems.Snomed)
            .Staging("21908-9", CodeSystems.AjccStaging, "1A")
            .Attestation(AttestationCodes.NotSurgicalCandidate, true);

        var result = Engine.Single(record, Orders.For("32994", reasonConditionId: "tumor"));

        Assert.Equal(DeterminationOutcome.NeedsInformation, result.Outcome);
        Assert.Contains(result.Missing, m => m.Code == "histology");
    }

    [Fact]
    public void Early_stage_is_derived_from_tnm_when_no_stage_group()
    {
        var record = NsclcOfRightUpperLobe()
            .Staging("21905-5", CodeSystems.Snomed, "1228892002")
            .NoSpread()
            .Attestation(AttestationCodes.NotSurgicalCandidate, true);

        Assert.Equal(DeterminationOutcome.Covered, Engine.Single(record, "32994").Outcome);
    }

    [Theory]
    [InlineData("3A")]
    [InlineData("4")]
    public void Stage_iii_or_iv_nsclc_is_investigational(string stage)
    {
        var record = NsclcOfRightUpperLobe()
            .Staging("21908-9", CodeSystems.AjccStaging, stage)
            .Attestation(AttestationCodes.NotSurgicalCandidate, true);

        var result = Engine.Single(record, "32994");

        Assert.Equal(DeterminationOutcome.Investigational, result.Outcome);
        Assert.Equal(CriterionStatus.NotMet, result.StatusOf("early-stage"));
    }

    [Fact]
    public void Stage_text_iiia_from_display_is_read_as_stage_iii()
    {
        var record = NsclcOfRightUpperLobe()
            .Staging(
                "399537006",
                CodeSystems.Snomed,
                "999999999",
                "American Joint Committee on Cancer stage IIIA",
                CodeSystems.Snomed
            )
            .Attestation(AttestationCodes.NotSurgicalCandidate, true);

        Assert.Equal(DeterminationOutcome.Investigational, Engine.Single(record, "32994").Outcome);
    }

    [Fact]
    public void M1_nsclc_is_investigational()
    {
        var record = NsclcOfRightUpperLobe()
            .Staging("21907-1", CodeSystems.Snomed, "1229907005")
            .Attestation(AttestationCodes.NotSurgicalCandidate, true);

        Assert.Equal(DeterminationOutcome.Investigational, Engine.Single(record, "32994").Outcome);
    }

    [Fact]
    public void Early_nsclc_in_an_explicit_surgical_candidate_is_investigational()
    {
        var record = NsclcOfRightUpperLobe()
            .Staging("21908-9", CodeSystems.AjccStaging, "1B")
            .Attestation(AttestationCodes.SurgicalCandidate, true);

        var result = Engine.Single(record, "32994");

        Assert.Equal(DeterminationOutcome.Investigational, result.Outcome);
        Assert.Contains(result.Alternatives, a => a.CptCode == "32663");
    }

    [Fact]
    public void Small_cell_lung_cancer_is_investigational()
    {
        var record = new RecordBuilder()
            .Condition("C34.11")
            .Condition(Sclc, CodeSystems.Snomed)
            .Attestation(AttestationCodes.NotSurgicalCandidate, true);

        var result = Engine.Single(record, "32994");

        Assert.Equal(DeterminationOutcome.Investigational, result.Outcome);
        Assert.Equal(CriterionStatus.NotMet, result.StatusOf("non-small-cell-histology"));
    }

    [Theory]
    [InlineData("C78.01")]
    [InlineData("C78.00")]
    public void Lung_metastasis_is_investigational(string code)
    {
        var result = Engine.Single(new RecordBuilder().Condition(code), "32994");

        Assert.Equal(DeterminationOutcome.Investigational, result.Outcome);
        Assert.Contains(result.Alternatives, a => a.CptCode == "77373");
    }

    [Fact]
    public void Central_airway_obstruction_in_primary_lung_cancer_is_covered_with_a_code_warning()
    {
        var record = new RecordBuilder()
            .Condition("C34.01")
            .Condition(Sclc, CodeSystems.Snomed)
            .Attestation(AttestationCodes.CentralAirwayObstruction, true);

        var result = Engine.Single(record, "32994");

        Assert.Equal(DeterminationOutcome.Covered, result.Outcome);
        Assert.Contains(result.Notes, n => n.Contains("31641"));
    }

    [Fact]
    public void Lung_cancer_without_histology_needs_histology()
    {
        var record = new RecordBuilder()
            .Condition("C34.11")
            .Staging("21908-9", CodeSystems.AjccStaging, "1A")
            .Attestation(AttestationCodes.NotSurgicalCandidate, true);

        var result = Engine.Single(record, "32994");

        Assert.Equal(DeterminationOutcome.NeedsInformation, result.Outcome);
        Assert.Equal(["histology"], result.MissingCodes());
    }

    [Fact]
    public void Main_bronchus_tumor_without_airway_attestation_also_asks_about_the_airway()
    {
        var result = Engine.Single(new RecordBuilder().Condition("C34.01"), "32994");

        Assert.Equal(
            ["histology", "staging", "surgical-candidacy", "central-airway-obstruction"],
            result.MissingCodes()
        );
    }

    [Fact]
    public void Nsclc_without_stage_or_candidacy_names_both()
    {
        var result = Engine.Single(NsclcOfRightUpperLobe(), "32994");

        Assert.Equal(DeterminationOutcome.NeedsInformation, result.Outcome);
        Assert.Equal(["staging", "surgical-candidacy"], result.MissingCodes());
    }

    [Fact]
    public void Lung_code_without_lung_diagnosis_needs_the_diagnosis() =>
        Assert.Equal(["diagnosis"], Engine.Single(new RecordBuilder().Condition("C64.1"), "32994").MissingCodes());

    [Fact]
    public void Provisional_lung_cancer_needs_confirmation() =>
        Assert.Equal(
            ["confirmed-diagnosis"],
            Engine
                .Single(new RecordBuilder().Condition("C34.11", verificationStatus: "provisional"), "32994")
                .MissingCodes()
        );

    [Fact]
    public void Right_lung_tumor_with_left_lung_order_is_a_laterality_conflict()
    {
        var record = NsclcOfRightUpperLobe()
            .Condition("C34.11", id: "rul")
            .Attestation(AttestationCodes.NotSurgicalCandidate, true);
        var order = Orders.For("32994", bodySite: "44029006", reasonConditionId: "rul");

        Assert.Equal(["laterality"], Engine.Single(record, order).MissingCodes());
    }
}
