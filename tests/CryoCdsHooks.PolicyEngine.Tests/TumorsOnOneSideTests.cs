using CryoCdsHooks.PolicyEngine.Terminology;
using CryoCdsHooks.PolicyEngine.Tests.TestData;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Tests;

/// <summary>
/// Two records with one code and side are one tumour only when nothing of their own tells them apart.
/// </summary>
public class TumorsOnOneSideTests
{
    private static RecordBuilder NotCandidate() =>
        new RecordBuilder().Attestation(AttestationCodes.NotSurgicalCandidate, true);

    /// <summary>Two right kidney C64.1 records, each with its own focused size (2.5 cm and 5 cm) and cN0 cM0.</summary>
    private static RecordBuilder TwoRightKidneyTumors() =>
        NotCandidate()
            .Condition("C64.1", id: "small")
            .TumorSize(2.5m, "cm", focus: "small")
            .NoSpread(focus: "small")
            .Condition("C64.1", id: "large")
            .TumorSize(5m, "cm", focus: "large")
            .NoSpread(focus: "large");

    [Fact]
    public void Two_records_with_different_focused_sizes_and_no_reason_ask_which_tumor()
    {
        var result = Engine.Single(TwoRightKidneyTumors(), "50593");

        Assert.Equal(DeterminationOutcome.NeedsInformation, result.Outcome);
        Assert.Equal(["target-tumor"], result.MissingCodes());
    }

    [Fact]
    public void An_ordered_side_does_not_tell_two_tumors_of_that_side_apart()
    {
        var result = Engine.Single(TwoRightKidneyTumors(), Orders.For("50593", bodySite: Orders.RightKidney));

        Assert.Equal(["target-tumor"], result.MissingCodes());
    }

    [Theory]
    [InlineData("small", DeterminationOutcome.Covered)]
    [InlineData("large", DeterminationOutcome.CriteriaNotMet)]
    public void A_reason_reference_naming_one_of_them_decides_on_its_own_results(
        string reason,
        DeterminationOutcome expected
    )
    {
        Assert.Equal(
            expected,
            Engine.Single(TwoRightKidneyTumors(), Orders.For("50593", reasonConditionId: reason)).Outcome
        );
    }

    [Fact]
    public void Untied_results_do_not_count_for_one_of_two_tumors_told_apart()
    {
        var record = NotCandidate()
            .Condition("C64.1", id: "small")
            .TumorSize(2.5m, "cm", focus: "small")
            .Condition("C64.1", id: "large")
            .TumorSize(5m, "cm", focus: "large")
            .NoSpread();

        var result = Engine.Single(record, Orders.For("50593", reasonConditionId: "small"));

        Assert.Equal(["staging"], result.MissingCodes());
    }

    [Fact]
    public void Two_records_with_the_same_focused_results_are_one_tumor()
    {
        var record = NotCandidate()
            .Condition("C64.1", id: "problem-list")
            .TumorSize(3m, "cm", focus: "problem-list")
            .NoSpread(focus: "problem-list")
            .Condition("C64.1", id: "encounter")
            .TumorSize(3m, "cm", focus: "encounter");

        Assert.Equal(DeterminationOutcome.Covered, Engine.Single(record, "50593").Outcome);
    }

    [Fact]
    public void Results_on_one_record_only_do_not_split_the_tumor()
    {
        var record = NotCandidate()
            .Condition("C64.1", id: "problem-list")
            .TumorSize(3m, "cm", focus: "problem-list")
            .NoSpread(focus: "problem-list")
            .Condition("C64.1", id: "encounter");

        Assert.Equal(DeterminationOutcome.Covered, Engine.Single(record, "50593").Outcome);
    }

    [Fact]
    public void Results_named_by_stage_assessment_and_evidence_detail_tell_tumors_apart()
    {
        var record = NotCandidate()
            .NoSpread()
            .Observation(
                CodeSystems.Loinc,
                "21889-1",
                new Quantity
                {
                    Value = 2.5m,
                    Unit = "cm",
                    Code = "cm",
                    System = CodeSystems.Ucum,
                },
                5,
                configure: o => o.Id = "size-a"
            )
            .Observation(
                CodeSystems.Loinc,
                "21889-1",
                new Quantity
                {
                    Value = 5m,
                    Unit = "cm",
                    Code = "cm",
                    System = CodeSystems.Ucum,
                },
                5,
                configure: o => o.Id = "size-b"
            )
            .Condition("C64.1", id: "a", configure: c =>
                c.Stage.Add(new Condition.StageComponent { Assessment = [new ResourceReference("Observation/size-a")] })
            )
            .Condition("C64.1", id: "b", configure: c =>
                c.Evidence.Add(
                    new Condition.EvidenceComponent { Detail = [new ResourceReference("Observation/size-b")] }
                )
            );

        Assert.Equal(["target-tumor"], Engine.Single(record, "50593").MissingCodes());
    }

    [Fact]
    public void A_result_named_by_the_treated_tumors_stage_assessment_counts_for_it()
    {
        var record = NotCandidate()
            .Condition("C64.1", id: "right", configure: c =>
                c.Stage.Add(
                    new Condition.StageComponent { Assessment = [new ResourceReference("Observation/size-right")] }
                )
            )
            .Condition("C64.2", id: "left")
            .TumorSize(6m, "cm", focus: "left")
            .NoSpread(focus: "right")
            .Observation(
                CodeSystems.Loinc,
                "21889-1",
                new Quantity
                {
                    Value = 3m,
                    Unit = "cm",
                    Code = "cm",
                    System = CodeSystems.Ucum,
                },
                4,
                configure: o => o.Id = "size-right"
            );

        var result = Engine.Single(record, Orders.For("50593", bodySite: Orders.RightKidney));

        Assert.Equal(DeterminationOutcome.Covered, result.Outcome);
        Assert.Equal(CriterionStatus.Met, result.StatusOf("tumor-size"));
    }
}
