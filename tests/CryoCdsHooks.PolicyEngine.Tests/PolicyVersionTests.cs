using CryoCdsHooks.PolicyEngine.Terminology;
using CryoCdsHooks.PolicyEngine.Tests.TestData;
using CryoCdsHooks.PolicyEngine.Versions;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Tests;

/// <summary>The engine keyed by policy edition and effective date.</summary>
public sealed class PolicyVersionTests
{
    private static readonly PolicyVersion Revised = Policy260Versions.September2024 with
    {
        Version = "1/2027",
        LastReviewed = new DateOnly(2026, 12, 1),
        EffectiveFrom = new DateOnly(2027, 1, 1),
    };

    private static readonly PolicyVersion Current = Policy260Versions.September2024 with
    {
        EffectiveUntil = Revised.EffectiveFrom,
    };

    private static VersionedPolicyEngine CurrentAndRevised() =>
        new(
            [
                new PolicyEdition(Current, new Policy260Engine(PolicyTerminology.Instance, Current)),
                new PolicyEdition(Revised, new Policy260Engine(PolicyTerminology.Instance, Revised)),
            ],
            PolicyTerminology.Instance
        );

    private static ServiceRequest OrderOn(string date)
    {
        var order = Orders.For("50593");
        order.AuthoredOn = date;
        return order;
    }

    [Fact]
    public void The_service_engine_names_the_9_2024_review_on_every_determination()
    {
        var engine = VersionedPolicyEngine.Policy260(PolicyTerminology.Instance);

        var results = engine.Evaluate(
            [OrderOn("2026-10-01"), Orders.For("32994")],
            [],
            new RecordBuilder().Build(),
            RecordBuilder.OrderDate
        );

        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.Equal("9/2024", r.Policy.Version));
        Assert.Equal(new DateOnly(2024, 9, 1), results[0].Policy.LastReviewed);
    }

    [Fact]
    public void A_revised_edition_beside_the_current_one_judges_only_orders_dated_from_its_effective_date()
    {
        var engine = CurrentAndRevised();
        var before = OrderOn("2026-12-31");
        var after = OrderOn("2027-01-01");
        after.Id = "sr-after";

        var results = engine.Evaluate(
            [before, after],
            [before, after],
            new RecordBuilder().Build(),
            RecordBuilder.OrderDate
        );

        Assert.Equal(["9/2024", "1/2027"], results.Select(r => r.Policy.Version));
    }

    [Fact]
    public void An_order_without_a_date_is_judged_by_the_edition_in_force_on_the_evaluation_date()
    {
        var engine = CurrentAndRevised();

        var result = Assert.Single(
            engine.Evaluate(
                [Orders.For("50593", withAuthoredOn: false)],
                [],
                new RecordBuilder().Build(),
                new DateOnly(2027, 3, 1)
            )
        );

        Assert.Equal("1/2027", result.Policy.Version);
    }

    [Fact]
    public void An_order_dated_before_every_edition_needs_its_date_of_service_rather_than_a_guess()
    {
        var engine = VersionedPolicyEngine.Policy260(PolicyTerminology.Instance);

        var result = Assert.Single(
            engine.Evaluate([OrderOn("2017-06-01")], [], new RecordBuilder().Build(), RecordBuilder.OrderDate)
        );

        Assert.Equal(DeterminationOutcome.NeedsInformation, result.Outcome);
        Assert.Equal([VersionedPolicyEngine.MissingDateOfService], result.MissingCodes());
    }

    [Fact]
    public void Overlapping_editions_are_refused()
    {
        var overlapping = Revised with { EffectiveFrom = new DateOnly(2026, 1, 1) };

        Assert.Throws<ArgumentException>(() =>
            new VersionedPolicyEngine(
                [
                    new PolicyEdition(Current, new Policy260Engine()),
                    new PolicyEdition(overlapping, new Policy260Engine()),
                ],
                PolicyTerminology.Instance
            )
        );
    }
}
