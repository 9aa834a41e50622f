using CryoCdsHooks.PolicyEngine.Terminology;
using CryoCdsHooks.PolicyEngine.Tests.TestData;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Tests;

/// <summary>Point 8 of issue 22: in a basket of several ablations, each guidance order follows its own.</summary>
public class GuidanceTiesTests
{
    private static RecordBuilder CoveredKidney() =>
        new RecordBuilder()
            .Condition("C64.1", id: "rcc")
            .TumorSize(3m, "cm")
            .NoSpread()
            .Attestation(AttestationCodes.NotSurgicalCandidate, true);

    private static ServiceRequest Guidance(string cpt, Action<ServiceRequest> tie)
    {
        var order = Orders.For(cpt);
        tie(order);
        return order;
    }

    [Fact]
    public void Each_guidance_order_follows_the_ablation_its_reasonReference_names()
    {
        var kidney = Orders.For("50593", Orders.RightKidney, "rcc");
        var bone = Orders.For("20983");
        var forKidney = Guidance("77013", g => g.ReasonReference.Add(new ResourceReference("ServiceRequest/sr-50593")));
        var forBone = Guidance("76940", g =>
            g.ReasonReference.Add(
                new ResourceReference("https://ehr.example.org/fhir/ServiceRequest/sr-20983/_history/2")
            )
        );

        var results = Engine.Evaluate(CoveredKidney(), kidney, bone, forKidney, forBone);

        Assert.Equal(DeterminationOutcome.Covered, Assert.Single(results, r => r.CptCode == "77013").Outcome);
        Assert.Equal(DeterminationOutcome.Investigational, Assert.Single(results, r => r.CptCode == "76940").Outcome);
    }

    [Fact]
    public void Guidance_tied_to_nothing_among_ablations_with_different_answers_is_conditional()
    {
        var results = Engine.Evaluate(CoveredKidney(), Orders.For("50593"), Orders.For("20983"), Orders.For("77013"));

        var guidance = Assert.Single(results, r => r.CptCode == "77013");
        Assert.Equal(DeterminationOutcome.NeedsInformation, guidance.Outcome);
        Assert.Equal(["ablation-procedure"], guidance.MissingCodes());
        Assert.Equal(CriterionStatus.Unknown, guidance.StatusOf("paired-ablation"));
    }

    [Fact]
    public void Guidance_with_the_same_reason_condition_follows_that_ablation()
    {
        var kidney = Orders.For("50593", reasonConditionId: "rcc");
        var guidance = Guidance("76940", g => g.ReasonReference.Add(new ResourceReference("Condition/rcc")));

        var results = Engine.Evaluate(CoveredKidney(), kidney, Orders.For("20983"), guidance);

        Assert.Equal(DeterminationOutcome.Covered, Assert.Single(results, r => r.CptCode == "76940").Outcome);
    }

    [Fact]
    public void Guidance_with_the_same_body_site_follows_that_ablation()
    {
        var kidney = Orders.For("50593", Orders.RightKidney);
        var guidance = Orders.For("77022", Orders.RightKidney);

        var results = Engine.Evaluate(CoveredKidney(), kidney, Orders.For("20983"), guidance);

        Assert.Equal(DeterminationOutcome.Covered, Assert.Single(results, r => r.CptCode == "77022").Outcome);
    }

    [Fact]
    public void Guidance_untied_to_ablations_that_agree_follows_them()
    {
        var results = Engine.Evaluate(CoveredKidney(), Orders.For("50593"), Orders.For("50542"), Orders.For("77013"));

        Assert.Equal(DeterminationOutcome.Covered, Assert.Single(results, r => r.CptCode == "77013").Outcome);
    }

    [Fact]
    public void Guidance_selected_alone_finds_its_named_ablation_among_the_draft_orders()
    {
        var kidney = Orders.For("50593", Orders.RightKidney, "rcc");
        var bone = Orders.For("20983");
        var guidance = Guidance("77013", g => g.ReasonReference.Add(new ResourceReference("ServiceRequest/sr-20983")));

        var results = Engine.Instance.Evaluate(
            [guidance],
            [kidney, bone, guidance],
            CoveredKidney().Build(),
            RecordBuilder.OrderDate
        );

        Assert.Equal(DeterminationOutcome.Investigational, Assert.Single(results).Outcome);
    }
}
