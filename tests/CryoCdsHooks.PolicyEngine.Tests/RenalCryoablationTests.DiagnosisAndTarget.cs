using CryoCdsHooks.PolicyEngine.Terminology;
using CryoCdsHooks.PolicyEngine.Tests.TestData;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Tests;

/// <summary>
/// Which kidney tumour and diagnosis the order treats: histology, side and the target among several tumours.
/// </summary>
public partial class RenalCryoablationTests
{
    [Fact]
    public void Metastasis_to_the_kidney_is_investigational()
    {
        var record = NotCandidate(new RecordBuilder().Condition("C79.01").TumorSize(3m, "cm").NoSpread());

        var result = Engine.Single(record, "50593");

        Assert.Equal(DeterminationOutcome.Investigational, result.Outcome);
        Assert.Contains("metastasis", result.Reason);
    }

    [Fact]
    public void Renal_pelvis_cancer_is_investigational()
    {
        Assert.Equal(
            DeterminationOutcome.Investigational,
            Engine.Single(new RecordBuilder().Condition("C65.1"), "50593").Outcome
        );
    }

    [Fact]
    public void Kidney_mass_of_uncertain_behavior_needs_a_confirmed_diagnosis()
    {
        var result = Engine.Single(new RecordBuilder().Condition("D41.01"), "50593");

        Assert.Equal(DeterminationOutcome.NeedsInformation, result.Outcome);
        Assert.Equal(["confirmed-diagnosis"], result.MissingCodes());
    }

    [Fact]
    public void Kidney_code_without_any_kidney_diagnosis_needs_the_diagnosis()
    {
        var result = Engine.Single(new RecordBuilder().Condition("C50.911"), "50593");

        Assert.Equal(DeterminationOutcome.NeedsInformation, result.Outcome);
        Assert.Equal(["diagnosis"], result.MissingCodes());
    }

    [Fact]
    public void History_of_kidney_cancer_is_not_an_active_tumor()
    {
        var result = Engine.Single(
            NotCandidate(new RecordBuilder().Condition("Z85.528").TumorSize(3m, "cm").NoSpread()),
            "50593"
        );

        Assert.Equal(["diagnosis"], result.MissingCodes());
        Assert.Contains(result.Notes, n => n.Contains("Z85"));
    }

    [Fact]
    public void Right_tumor_with_left_kidney_order_is_a_laterality_conflict()
    {
        var order = Orders.For("50593", bodySite: Orders.LeftKidney);

        var result = Engine.Single(NotCandidate(SmallLocalizedRcc()), order);

        Assert.Equal(DeterminationOutcome.NeedsInformation, result.Outcome);
        Assert.Equal(["laterality"], result.MissingCodes());
    }

    [Fact]
    public void Matching_laterality_is_reported_as_met()
    {
        var result = Engine.Single(
            NotCandidate(SmallLocalizedRcc()),
            Orders.For("50593", bodySite: Orders.RightKidney)
        );

        Assert.Equal(DeterminationOutcome.Covered, result.Outcome);
        Assert.Equal(CriterionStatus.Met, result.StatusOf("laterality"));
    }

    [Fact]
    public void Reason_reference_picks_the_treated_tumor()
    {
        var record = NotCandidate(
            new RecordBuilder()
                .Condition("C64.1", id: "rcc")
                .TumorSize(3m, "cm", focus: "rcc")
                .NoSpread(focus: "rcc")
                .Condition("D30.02", id: "benign")
        );

        var forRcc = Engine.Single(record, Orders.For("50593", reasonConditionId: "rcc"));
        var forBenign = Engine.Single(record, Orders.For("50593", reasonConditionId: "benign"));

        Assert.Equal(DeterminationOutcome.Covered, forRcc.Outcome);
        Assert.Equal(DeterminationOutcome.Investigational, forBenign.Outcome);
    }

    [Fact]
    public void Icd10_codes_without_the_dot_are_matched()
    {
        var record = NotCandidate(new RecordBuilder().Condition("C641").TumorSize(3m, "cm").NoSpread());

        Assert.Equal(DeterminationOutcome.Covered, Engine.Single(record, "50593").Outcome);
    }

    [Fact]
    public void Snomed_rcc_is_matched()
    {
        var record = NotCandidate(
            new RecordBuilder().Condition("702391001", CodeSystems.Snomed).TumorSize(3m, "cm").NoSpread()
        );

        Assert.Equal(DeterminationOutcome.Covered, Engine.Single(record, "50593").Outcome);
    }

    [Fact]
    public void Criteria_carry_policy_clause_and_evidence()
    {
        var result = Engine.Single(NotCandidate(SmallLocalizedRcc()), "50593");

        Assert.All(result.Criteria, c => Assert.False(string.IsNullOrWhiteSpace(c.PolicyClause)));
        var size = Assert.Single(Assert.Single(result.Criteria, c => c.Id == "tumor-size").Evidence);
        Assert.StartsWith("Observation/", size.ResourceReference);
        Assert.Contains("3 cm", size.Summary);
    }

    [Fact]
    public void Reason_code_picks_the_matching_condition()
    {
        var record = NotCandidate(
            new RecordBuilder()
                .Condition("C64.1", id: "rcc")
                .TumorSize(3m, "cm", focus: "rcc")
                .NoSpread(focus: "rcc")
                .Condition("C65.2")
        );
        var order = Orders.For("50593");
        order.ReasonCode.Add(new CodeableConcept(CodeSystems.Icd10Cm, "C641"));

        Assert.Equal(DeterminationOutcome.Covered, Engine.Single(record, order).Outcome);
    }

    [Fact]
    public void Rcc_and_another_kidney_tumor_without_an_order_reason_needs_the_target()
    {
        var record = NotCandidate(
            new RecordBuilder().Condition("C64.1").TumorSize(3m, "cm").NoSpread().Condition("C65.2")
        );

        Assert.Equal(["target-tumor"], Engine.Single(record, "50593").MissingCodes());
    }

    [Fact]
    public void Ordered_side_selects_among_tumors_on_both_kidneys()
    {
        var record = NotCandidate(
            new RecordBuilder()
                .Condition("C64.1", id: "rcc")
                .TumorSize(3m, "cm", focus: "rcc")
                .NoSpread(focus: "rcc")
                .Condition("C65.2")
        );

        Assert.Equal(
            DeterminationOutcome.Covered,
            Engine.Single(record, Orders.For("50593", bodySite: Orders.RightKidney)).Outcome
        );
        Assert.Equal(
            DeterminationOutcome.Investigational,
            Engine.Single(record, Orders.For("50593", bodySite: Orders.LeftKidney)).Outcome
        );
    }

    [Fact]
    public void Size_and_staging_focused_on_another_cancer_are_not_used()
    {
        var record = NotCandidate(
            new RecordBuilder()
                .Condition("C64.1", id: "rcc")
                .Condition("C34.11", id: "lung")
                .TumorSize(3m, "cm", daysBefore: 30)
                .NoSpread()
                .Observation(
                    CodeSystems.Loinc,
                    "21889-1",
                    new Quantity
                    {
                        Value = 6,
                        Code = "cm",
                        Unit = "cm",
                    },
                    1,
                    configure: o => o.Focus.Add(new ResourceReference("Condition/lung"))
                )
                .Observation(
                    CodeSystems.Loinc,
                    "21906-3",
                    new CodeableConcept(CodeSystems.Snomed, "1229978004"),
                    1,
                    configure: o => o.Focus.Add(new ResourceReference("Condition/lung"))
                )
        );

        var result = Engine.Single(record, Orders.For("50593", reasonConditionId: "rcc"));

        Assert.Equal(DeterminationOutcome.Covered, result.Outcome);
    }

    [Fact]
    public void Size_focused_on_the_treated_tumor_is_used()
    {
        var record = NotCandidate(
            new RecordBuilder()
                .Condition("C64.1", id: "rcc")
                .NoSpread()
                .TumorSize(3m, "cm", daysBefore: 30)
                .Observation(
                    CodeSystems.Loinc,
                    "21889-1",
                    new Quantity
                    {
                        Value = 5,
                        Code = "cm",
                        Unit = "cm",
                    },
                    2,
                    configure: o => o.Focus.Add(new ResourceReference("Condition/rcc"))
                )
        );

        Assert.Equal(DeterminationOutcome.CriteriaNotMet, Engine.Single(record, "50593").Outcome);
    }
}
