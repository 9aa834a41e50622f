using System.Text.RegularExpressions;
using CryoCdsHooks.PolicyEngine.Terminology;
using CryoCdsHooks.PolicyEngine.Tests.TestData;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Tests;

/// <summary>Stage read from stage-specific disorders, as Synthea records it (issue 22 point 6).</summary>
public partial class StageSpecificDisorderTests
{
    private const string StageGroup = "21908-9";

    /// <summary>
    /// Synthea's shape: one Condition for the histology, one for the stage, the order naming the first.
    /// </summary>
    private static RecordBuilder SyntheaLung(string stageDisorder) =>
        new RecordBuilder()
            .Condition("254637007", CodeSystems.Snomed, id: "nsclc-1")
            .Condition(stageDisorder, CodeSystems.Snomed, id: "nsclc-stage")
            .Attestation(AttestationCodes.NotSurgicalCandidate, true);

    private static ServiceRequest OrderFor(string conditionId) => Orders.For("32994", reasonConditionId: conditionId);

    [Fact]
    public void Every_value_set_member_that_names_a_tnm_stage_is_mapped_to_that_stage_group()
    {
        var terms = PolicyTerminology.Instance;
        var staged = terms
            .ValueSets.SelectMany(v => v.ExplicitCodes)
            .Where(c => c.Display is not null && TnmStage().IsMatch(c.Display))
            .ToList();

        Assert.NotEmpty(staged);
        Assert.All(staged, c =>
            Assert.Equal(
                TnmStage().Match(c.Display!).Groups[1].Value,
                terms.StageSpecificDisorders.StageGroupOf(c)?.Code
            )
        );
    }

    [Theory]
    [InlineData("424132000", "1")]
    [InlineData("425048006", "2")]
    [InlineData("422968005", "3")]
    [InlineData("423121009", "4")]
    [InlineData("67811000119102", "1")]
    [InlineData("67841000119103", "4")]
    public void Synthea_lung_cancer_module_stage_concepts_map_to_their_ajcc_group(string code, string group) =>
        Assert.Equal(
            group,
            PolicyTerminology.Instance.StageSpecificDisorders.StageGroupOf(new Coding(CodeSystems.Snomed, code))?.Code
        );

    [Fact]
    public void A_concept_that_names_no_stage_maps_to_none() =>
        Assert.Null(
            PolicyTerminology.Instance.StageSpecificDisorders.StageGroupOf(new Coding(CodeSystems.Snomed, "254637007"))
        );

    [Theory]
    [InlineData("424132000", DeterminationOutcome.Covered)]
    [InlineData("425048006", DeterminationOutcome.Covered)]
    [InlineData("422968005", DeterminationOutcome.Investigational)]
    [InlineData("423121009", DeterminationOutcome.Investigational)]
    public void A_stage_disorder_recorded_next_to_the_condition_the_order_names_stages_that_tumour(
        string stageDisorder,
        DeterminationOutcome expected
    )
    {
        var result = Engine.Single(SyntheaLung(stageDisorder), OrderFor("nsclc-1"));

        Assert.Equal(expected, result.Outcome);
        Assert.Contains(result.Criteria.Single(c => c.Id == "early-stage").Evidence, e =>
            e.ResourceReference == "Condition/nsclc-stage"
        );
    }

    [Fact]
    public void Without_the_stage_disorder_the_named_tumour_asks_for_staging()
    {
        var record = new RecordBuilder()
            .Condition("254637007", CodeSystems.Snomed, id: "nsclc-1")
            .Attestation(AttestationCodes.NotSurgicalCandidate, true);

        Assert.Contains("staging", Engine.Single(record, OrderFor("nsclc-1")).MissingCodes());
    }

    [Theory]
    [InlineData(5, DeterminationOutcome.Investigational)] // stage IIIA recorded after the disorder's date wins
    [InlineData(60, DeterminationOutcome.Covered)] // an older stage group is superseded by the disorder's stage 1
    public void The_disorders_stage_weighs_like_a_stage_group_dated_at_its_recorded_date(
        int observationDaysBefore,
        DeterminationOutcome expected
    )
    {
        // The builder records Conditions 30 days before the order.
        var record = SyntheaLung("424132000")
            .Staging(StageGroup, CodeSystems.AjccStaging, "3A", daysBefore: observationDaysBefore);

        Assert.Equal(expected, Engine.Single(record, OrderFor("nsclc-1")).Outcome);
    }

    [Fact]
    public void A_lung_stage_disorder_does_not_stage_a_kidney_tumour()
    {
        var record = new RecordBuilder()
            .Condition("C64.1")
            .Condition("424132000", CodeSystems.Snomed)
            .TumorSize(3m, "cm")
            .Attestation(AttestationCodes.NotSurgicalCandidate, true);

        Assert.Equal(CriterionStatus.Unknown, Engine.Single(record, "50593").StatusOf("localized"));
    }

    [Fact]
    public void A_stage_disorder_on_the_other_side_does_not_stage_the_named_tumour()
    {
        var record = new RecordBuilder()
            .Condition("C34.11", id: "lung-right")
            .Condition("254637007", CodeSystems.Snomed, id: "nsclc-right", configure: c =>
                c.BodySite.Add(new CodeableConcept(CodeSystems.Snomed, "3341006"))
            )
            .Condition("424132000", CodeSystems.Snomed, id: "stage-left", configure: c =>
                c.BodySite.Add(new CodeableConcept(CodeSystems.Snomed, "44029006"))
            )
            .Attestation(AttestationCodes.NotSurgicalCandidate, true);

        Assert.Contains("staging", Engine.Single(record, OrderFor("nsclc-right")).MissingCodes());
    }

    [GeneratedRegex(@"TNM stage (\d)")]
    private static partial Regex TnmStage();
}
