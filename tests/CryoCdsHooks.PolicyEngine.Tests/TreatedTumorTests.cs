using CryoCdsHooks.PolicyEngine.Terminology;
using CryoCdsHooks.PolicyEngine.Tests.TestData;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Tests;

/// <summary>
/// Laterality from every source and the treated tumour, never a pool (issue 11 point 5, issue 10 point 5).
/// </summary>
public class TreatedTumorTests
{
    private const string LateralityQualifier =
        "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-laterality-qualifier";

    private static RecordBuilder NotCandidate() =>
        new RecordBuilder().Attestation(AttestationCodes.NotSurgicalCandidate, true);

    /// <summary>A small localized right RCC (size and staging focused on it) and a large left one.</summary>
    private static RecordBuilder TumorsOnBothKidneys() =>
        NotCandidate()
            .Condition("C64.1", id: "right")
            .TumorSize(3m, "cm", focus: "right")
            .NoSpread(focus: "right")
            .Condition("C64.2", id: "left")
            .TumorSize(6m, "cm", focus: "left")
            .NoSpread(focus: "left");

    private static ServiceRequest Order(Action<ServiceRequest> configure)
    {
        var order = Orders.For("50593");
        configure(order);
        return order;
    }

    [Fact]
    public void Tumors_on_both_kidneys_and_no_ordered_side_ask_which()
    {
        var result = Engine.Single(TumorsOnBothKidneys(), "50593");

        Assert.Equal(DeterminationOutcome.NeedsInformation, result.Outcome);
        Assert.Equal(["target-tumor"], result.MissingCodes());
    }

    [Fact]
    public void A_laterality_qualifier_on_the_order_body_site_picks_the_side()
    {
        var order = Order(o =>
        {
            var site = new CodeableConcept(CodeSystems.Snomed, "64033007", "Kidney structure");
            site.Extension.Add(
                new Extension(LateralityQualifier, new CodeableConcept(CodeSystems.Snomed, "7771000", "Left"))
            );
            o.BodySite.Add(site);
        });

        Assert.Equal(DeterminationOutcome.CriteriaNotMet, Engine.Single(TumorsOnBothKidneys(), order).Outcome);
    }

    [Theory]
    [InlineData(CodeSystems.Hcpcs, "RT", DeterminationOutcome.Covered)]
    [InlineData(CodeSystems.Cpt, "LT", DeterminationOutcome.CriteriaNotMet)]
    [InlineData("urn:oid:2.16.840.1.113883.6.285", "RT", DeterminationOutcome.Covered)]
    public void Modifiers_in_order_detail_pick_the_side(string system, string modifier, DeterminationOutcome expected)
    {
        var order = Order(o => o.OrderDetail.Add(new CodeableConcept(system, modifier)));

        Assert.Equal(expected, Engine.Single(TumorsOnBothKidneys(), order).Outcome);
    }

    [Fact]
    public void A_modifier_in_an_extension_of_the_order_code_picks_the_side()
    {
        var order = Order(o =>
            o.Code!.Coding[0]
                .Extension.Add(
                    new Extension("http://example.org/fhir/cpt-modifier", new Coding(CodeSystems.Hcpcs, "RT"))
                )
        );

        Assert.Equal(DeterminationOutcome.Covered, Engine.Single(TumorsOnBothKidneys(), order).Outcome);
    }

    [Theory]
    [InlineData(CodeSystems.Cpt, "50")]
    [InlineData(CodeSystems.Snomed, "51440002")]
    public void A_unilateral_code_ordered_for_both_sides_asks_for_the_side(string system, string code)
    {
        var order = Order(o => o.OrderDetail.Add(new CodeableConcept(system, code)));

        var result = Engine.Single(NotCandidate().Condition("C64.1").TumorSize(3m, "cm").NoSpread(), order);

        Assert.Equal(DeterminationOutcome.NeedsInformation, result.Outcome);
        Assert.Equal(["laterality"], result.MissingCodes());
    }

    [Fact]
    public void Right_and_left_named_together_are_both_sides()
    {
        var order = Orders.For("50593", bodySite: Orders.RightKidney);
        order.BodySite.Add(new CodeableConcept(CodeSystems.Snomed, Orders.LeftKidney));

        Assert.Equal(
            ["laterality"],
            Engine.Single(NotCandidate().Condition("C64.1").TumorSize(3m, "cm").NoSpread(), order).MissingCodes()
        );
    }

    [Fact]
    public void An_ordered_side_no_tumor_matches_asks_for_the_side()
    {
        var result = Engine.Single(
            NotCandidate().Condition("C64.1").TumorSize(3m, "cm").NoSpread(),
            Orders.For("50593", bodySite: Orders.LeftKidney)
        );

        Assert.Equal(["laterality"], result.MissingCodes());
    }

    [Fact]
    public void The_same_tumor_recorded_twice_is_one_tumor()
    {
        var record = NotCandidate()
            .Condition("C64.1", id: "problem-list")
            .Condition("C64.1", id: "encounter-diagnosis")
            .TumorSize(3m, "cm")
            .NoSpread();

        Assert.Equal(DeterminationOutcome.Covered, Engine.Single(record, "50593").Outcome);
    }

    [Fact]
    public void Untied_size_and_staging_do_not_count_when_another_tumor_is_on_the_other_side()
    {
        var record = NotCandidate().Condition("C64.1").Condition("C64.2").TumorSize(3m, "cm").NoSpread();

        var result = Engine.Single(record, Orders.For("50593", bodySite: Orders.RightKidney));

        Assert.Equal(DeterminationOutcome.NeedsInformation, result.Outcome);
        Assert.Contains("tumor-size", result.MissingCodes());
        Assert.Contains("staging", result.MissingCodes());
    }

    [Fact]
    public void A_size_observation_on_the_ordered_side_counts_by_its_body_site()
    {
        var record = NotCandidate()
            .Condition("C64.1")
            .Condition("C64.2")
            .Observation(
                CodeSystems.Loinc,
                "21889-1",
                new Quantity
                {
                    Value = 3,
                    Code = "cm",
                    Unit = "cm",
                },
                5,
                configure: o => o.BodySite = new CodeableConcept(CodeSystems.Snomed, Orders.RightKidney)
            )
            .Observation(
                CodeSystems.Loinc,
                "21889-1",
                new Quantity
                {
                    Value = 6,
                    Code = "cm",
                    Unit = "cm",
                },
                2,
                configure: o => o.BodySite = new CodeableConcept(CodeSystems.Snomed, Orders.LeftKidney)
            );

        var result = Engine.Single(record, Orders.For("50593", bodySite: Orders.RightKidney));

        Assert.Equal(CriterionStatus.Met, result.StatusOf("tumor-size"));
    }

    [Fact]
    public void A_size_derived_from_an_observation_focused_on_the_tumor_counts()
    {
        var record = NotCandidate()
            .Condition("C64.1", id: "right")
            .Condition("C64.2", id: "left")
            .NoSpread(focus: "right")
            .Observation(CodeSystems.Loinc, "18782-3", null, 6, configure: o =>
            {
                o.Id = "ct-report";
                o.Focus.Add(new ResourceReference("Condition/right"));
            })
            .Observation(
                CodeSystems.Loinc,
                "21889-1",
                new Quantity
                {
                    Value = 3,
                    Code = "cm",
                    Unit = "cm",
                },
                5,
                configure: o =>
                    o.DerivedFrom.Add(
                        new ResourceReference("https://ehr.example.org/fhir/Observation/ct-report/_history/2")
                    )
            );

        Assert.Equal(
            DeterminationOutcome.Covered,
            Engine.Single(record, Orders.For("50593", bodySite: Orders.RightKidney)).Outcome
        );
    }

    [Fact]
    public void A_unilateral_code_never_uses_a_tumor_from_the_other_side()
    {
        var record = NotCandidate()
            .Condition("C34.12")
            .Condition("254637007", CodeSystems.Snomed, configure: c =>
                c.BodySite.Add(new CodeableConcept(CodeSystems.Snomed, "44029006", "Left lung"))
            )
            .Staging("21908-9", CodeSystems.AjccStaging, "1A");

        var result = Engine.Single(record, Orders.For("32994", bodySite: "3341006"));

        Assert.Equal(["laterality"], result.MissingCodes());
    }
}
