using CryoCdsHooks.PolicyEngine.Terminology;
using CryoCdsHooks.PolicyEngine.Tests.TestData;

namespace CryoCdsHooks.PolicyEngine.Tests;

/// <summary>
/// A covered answer names the route that satisfied the policy; criteria of the other route read "not needed".
/// </summary>
public class CoveredRouteTests
{
    private static RecordBuilder SmallLocalizedRcc() =>
        new RecordBuilder().Condition("C64.1").TumorSize(3m, "cm").NoSpread();

    [Fact]
    public void Kidney_covered_as_not_a_surgical_candidate_marks_the_preservation_route_not_needed()
    {
        var result = Engine.Single(
            SmallLocalizedRcc().Attestation(AttestationCodes.NotSurgicalCandidate, true),
            "50593"
        );

        Assert.Equal(DeterminationOutcome.Covered, result.Outcome);
        Assert.Equal("Not a surgical candidate", result.Route);
        Assert.Equal(CriterionStatus.Met, result.StatusOf("not-surgical-candidate"));
        Assert.Equal(CriterionStatus.NotNeeded, result.StatusOf("single-kidney"));
        Assert.Equal(CriterionStatus.NotNeeded, result.StatusOf("renal-insufficiency"));
        Assert.Equal(CriterionStatus.NotNeeded, result.StatusOf("resection-worsens-kidney-function"));
    }

    [Fact]
    public void Kidney_covered_by_preservation_keeps_what_is_met_and_marks_the_rest_not_needed()
    {
        var record = SmallLocalizedRcc().Attestation(AttestationCodes.ResectionWorsensKidneyFunction, true).Egfr(45);

        var result = Engine.Single(record, "50593");

        Assert.Equal(DeterminationOutcome.Covered, result.Outcome);
        Assert.StartsWith("Kidney function must be preserved", result.Route);
        Assert.Equal(CriterionStatus.NotNeeded, result.StatusOf("not-surgical-candidate"));
        Assert.Equal(CriterionStatus.NotNeeded, result.StatusOf("single-kidney"));
        Assert.Equal(CriterionStatus.Met, result.StatusOf("renal-insufficiency"));
        Assert.Equal(CriterionStatus.Met, result.StatusOf("resection-worsens-kidney-function"));
    }

    [Fact]
    public void Lung_covered_for_early_nsclc_marks_airway_palliation_not_needed()
    {
        var record = new RecordBuilder()
            .Condition("C34.11")
            .Condition("254637007", CodeSystems.Snomed)
            .Staging("21908-9", CodeSystems.AjccStaging, "1A")
            .Attestation(AttestationCodes.NotSurgicalCandidate, true);

        var result = Engine.Single(record, "32994");

        Assert.Equal("Early-stage non-small cell lung cancer in a poor surgical candidate", result.Route);
        Assert.Equal(CriterionStatus.NotNeeded, result.StatusOf("central-airway-obstruction"));
    }

    [Fact]
    public void Lung_covered_for_airway_palliation_marks_the_nsclc_route_not_needed()
    {
        var record = new RecordBuilder()
            .Condition("C34.11")
            .Attestation(AttestationCodes.CentralAirwayObstruction, true);

        var result = Engine.Single(record, "32994");

        Assert.Equal("Palliation of a central airway obstructing lesion", result.Route);
        Assert.Equal(CriterionStatus.NotNeeded, result.StatusOf("non-small-cell-histology"));
        Assert.Equal(CriterionStatus.NotNeeded, result.StatusOf("early-stage"));
        Assert.Equal(CriterionStatus.NotNeeded, result.StatusOf("poor-surgical-candidate"));
    }

    [Fact]
    public void Answers_that_are_not_covered_have_no_route_and_no_not_needed_criteria()
    {
        var result = Engine.Single(SmallLocalizedRcc(), "50593");

        Assert.Equal(DeterminationOutcome.NeedsInformation, result.Outcome);
        Assert.Null(result.Route);
        Assert.DoesNotContain(result.Criteria, c => c.Status == CriterionStatus.NotNeeded);
    }

    [Fact]
    public void Imaging_guidance_inherits_the_route_and_statuses_of_its_ablation()
    {
        var record = SmallLocalizedRcc().Attestation(AttestationCodes.NotSurgicalCandidate, true);

        var guidance = Engine
            .Evaluate(record, Orders.For("50593"), Orders.For("76940"))
            .Single(d => d.CptCode == "76940");

        Assert.Equal("Not a surgical candidate", guidance.Route);
        Assert.Equal(CriterionStatus.NotNeeded, guidance.StatusOf("single-kidney"));
    }
}
