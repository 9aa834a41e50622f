using CryoCdsHooks.PolicyEngine.Terminology;
using CryoCdsHooks.PolicyEngine.Tests.TestData;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Tests;

/// <summary>
/// I-17: an unconfirmed finding that would change the answer makes it conditional, and never denies on its own.
/// </summary>
public class UnconfirmedFindingsTests
{
    /// <summary>
    /// A small RCC staged cN0 cM0 seven days before the order, not a surgical candidate: covered as recorded.
    /// </summary>
    private static RecordBuilder LocalizedKidneyCancer() =>
        new RecordBuilder()
            .Condition("C64.1", id: "rcc")
            .TumorSize(3m, "cm")
            .NoSpread(daysBefore: 7)
            .Attestation(AttestationCodes.NotSurgicalCandidate, true);

    private static Action<Condition> RecordedDaysBefore(int days) =>
        c => c.RecordedDate = RecordBuilder.DaysBefore(days);

    [Theory]
    [InlineData("provisional")]
    [InlineData("differential")]
    [InlineData("unconfirmed")]
    public void An_unconfirmed_lung_metastasis_recorded_after_the_localized_staging_asks_for_confirmation(
        string verification
    )
    {
        var record = LocalizedKidneyCancer()
            .Condition("C78.01", verificationStatus: verification, id: "met", configure: RecordedDaysBefore(2));

        var result = Engine.Single(record, "50593");

        Assert.Equal(DeterminationOutcome.NeedsInformation, result.Outcome);
        Assert.Equal(["confirm-metastasis"], result.MissingCodes());
        Assert.Equal(CriterionStatus.Unknown, result.StatusOf("localized"));
        Assert.Contains(result.Criteria.Single(c => c.Id == "localized").Evidence, e =>
            e.ResourceReference == "Condition/met"
        );
        Assert.Contains(result.Notes, n =>
            n.Contains("Condition/met", StringComparison.Ordinal) && n.Contains("not covered", StringComparison.Ordinal)
        );
        Assert.Null(result.Route);
    }

    [Fact]
    public void An_unconfirmed_metastasis_recorded_before_the_localized_staging_is_decided_by_the_staging()
    {
        var record = LocalizedKidneyCancer()
            .Condition("C78.01", verificationStatus: "provisional", configure: RecordedDaysBefore(20));

        Assert.Equal(DeterminationOutcome.Covered, Engine.Single(record, "50593").Outcome);
    }

    [Fact]
    public void An_unconfirmed_metastasis_recorded_the_same_day_as_the_staging_asks_for_confirmation()
    {
        var record = LocalizedKidneyCancer()
            .Condition("C78.01", verificationStatus: "provisional", configure: RecordedDaysBefore(7));

        Assert.Equal(["confirm-metastasis"], Engine.Single(record, "50593").MissingCodes());
    }

    [Fact]
    public void An_undated_unconfirmed_metastasis_is_weighed()
    {
        var record = LocalizedKidneyCancer()
            .Condition("C78.01", verificationStatus: "provisional", configure: c => c.RecordedDate = null);

        Assert.Equal(["confirm-metastasis"], Engine.Single(record, "50593").MissingCodes());
    }

    [Fact]
    public void The_card_names_a_few_findings_not_all_of_them()
    {
        var record = LocalizedKidneyCancer();
        for (var i = 0; i < 20; i++)
            record.Condition(
                "C78.01",
                verificationStatus: "provisional",
                id: $"met-{i}",
                configure: RecordedDaysBefore(1)
            );

        var note = Assert.Single(Engine.Single(record, "50593").Notes, n =>
            n.Contains("I-17", StringComparison.Ordinal)
        );

        Assert.Contains("and 15 more", note, StringComparison.Ordinal);
        Assert.DoesNotContain("Condition/met-19", note, StringComparison.Ordinal);
    }

    [Fact]
    public void A_suspected_lymph_node_metastasis_after_the_staging_asks_for_confirmation()
    {
        var record = LocalizedKidneyCancer()
            .Condition("C77.2", verificationStatus: "provisional", configure: RecordedDaysBefore(1));

        Assert.Equal(["confirm-metastasis"], Engine.Single(record, "50593").MissingCodes());
    }

    [Fact]
    public void A_preliminary_n1_after_the_final_n0_asks_for_confirmation()
    {
        var record = LocalizedKidneyCancer()
            .Observation(
                CodeSystems.Loinc,
                "21906-3",
                new CodeableConcept(CodeSystems.Snomed, "1229973008"),
                2,
                ObservationStatus.Preliminary
            );

        var result = Engine.Single(record, "50593");

        Assert.Equal(DeterminationOutcome.NeedsInformation, result.Outcome);
        Assert.Equal(["confirm-metastasis"], result.MissingCodes());
    }

    [Fact]
    public void A_preliminary_n1_before_the_final_n0_is_decided_by_the_later_staging()
    {
        var record = LocalizedKidneyCancer()
            .Observation(
                CodeSystems.Loinc,
                "21906-3",
                new CodeableConcept(CodeSystems.Snomed, "1229973008"),
                20,
                ObservationStatus.Preliminary
            );

        Assert.Equal(DeterminationOutcome.Covered, Engine.Single(record, "50593").Outcome);
    }

    [Fact]
    public void An_unconfirmed_metastasis_never_denies_on_its_own()
    {
        var record = new RecordBuilder()
            .Condition("C64.1")
            .TumorSize(3m, "cm")
            .Attestation(AttestationCodes.NotSurgicalCandidate, true)
            .Condition("C78.01", verificationStatus: "provisional", configure: RecordedDaysBefore(2));

        var result = Engine.Single(record, "50593");

        Assert.Equal(DeterminationOutcome.NeedsInformation, result.Outcome);
        Assert.Equal(["staging", "confirm-metastasis"], result.MissingCodes());
    }

    [Fact]
    public void An_unconfirmed_metastasis_that_changes_nothing_leaves_the_answer()
    {
        var record = new RecordBuilder()
            .Condition("C64.1")
            .TumorSize(5m, "cm")
            .NoSpread()
            .Attestation(AttestationCodes.NotSurgicalCandidate, true)
            .Condition("C78.01", verificationStatus: "provisional", configure: RecordedDaysBefore(2));

        var result = Engine.Single(record, "50593");

        Assert.Equal(DeterminationOutcome.CriteriaNotMet, result.Outcome);
        Assert.DoesNotContain(result.Notes, n => n.Contains("I-17", StringComparison.Ordinal));
    }

    [Fact]
    public void A_provisional_metastasis_to_the_treated_kidney_asks_for_a_confirmed_diagnosis()
    {
        var record = LocalizedKidneyCancer().Condition("C79.01", verificationStatus: "provisional", id: "kidney-met");

        var result = Engine.Single(record, "50593");

        Assert.Equal(DeterminationOutcome.NeedsInformation, result.Outcome);
        Assert.Contains("confirmed-diagnosis", result.MissingCodes());
    }

    [Fact]
    public void A_provisional_ckd_that_would_open_the_preservation_route_asks_for_kidney_function()
    {
        var record = new RecordBuilder()
            .Condition("C64.1")
            .TumorSize(3m, "cm")
            .NoSpread()
            .Attestation(AttestationCodes.SurgicalCandidate, true)
            .Attestation(AttestationCodes.ResectionWorsensKidneyFunction, true)
            .Condition("N18.4", verificationStatus: "provisional", id: "ckd");

        var result = Engine.Single(record, "50593");

        Assert.Equal(DeterminationOutcome.NeedsInformation, result.Outcome);
        Assert.Equal(["egfr"], result.MissingCodes());
        Assert.Contains(result.Notes, n =>
            n.Contains("Condition/ckd", StringComparison.Ordinal) && n.Contains("covered", StringComparison.Ordinal)
        );
    }

    [Fact]
    public void A_provisional_small_cell_histology_on_an_otherwise_covered_nsclc_asks_for_histology()
    {
        var record = new RecordBuilder()
            .Condition("C34.11", id: "tumor")
            .Condition("254637007", CodeSystems.Snomed)
            .Condition("254632001", CodeSystems.Snomed, verificationStatus: "provisional")
            .Staging("21908-9", CodeSystems.AjccStaging, "1A")
            .Attestation(AttestationCodes.NotSurgicalCandidate, true);

        var result = Engine.Single(record, Orders.For("32994", reasonConditionId: "tumor"));

        Assert.Equal(DeterminationOutcome.NeedsInformation, result.Outcome);
        Assert.Equal(["histology"], result.MissingCodes());
    }

    [Fact]
    public void A_provisional_tumor_on_the_other_side_of_an_order_without_side_asks_which_tumor()
    {
        var record = new RecordBuilder()
            .Condition("C34.11")
            .Condition("254637007", CodeSystems.Snomed)
            .Staging("21908-9", CodeSystems.AjccStaging, "1A", daysBefore: 10)
            .Attestation(AttestationCodes.NotSurgicalCandidate, true)
            .Condition("C34.12", verificationStatus: "provisional");

        var result = Engine.Single(record, "32994");

        Assert.Equal(DeterminationOutcome.NeedsInformation, result.Outcome);
        Assert.Equal(["target-tumor"], result.MissingCodes());
    }

    [Fact]
    public void A_provisional_lung_metastasis_on_an_early_stage_lung_cancer_asks_for_confirmation()
    {
        var record = new RecordBuilder()
            .Condition("C34.11")
            .Condition("254637007", CodeSystems.Snomed)
            .Staging("21908-9", CodeSystems.AjccStaging, "1A", daysBefore: 10)
            .Attestation(AttestationCodes.NotSurgicalCandidate, true)
            .Condition("C78.01", verificationStatus: "differential", configure: RecordedDaysBefore(3));

        var result = Engine.Single(record, "32994");

        Assert.Equal(DeterminationOutcome.NeedsInformation, result.Outcome);
        Assert.Equal(["confirm-metastasis"], result.MissingCodes());
    }
}
