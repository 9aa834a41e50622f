using CryoCdsHooks.PolicyEngine;
using CryoCdsHooks.Web.Smart;
using Hl7.Fhir.Model;
using Missing = CryoCdsHooks.PolicyEngine.Rules.MissingInformationCodes;

namespace CryoCdsHooks.Web.Tests.Smart;

/// <summary>Which unknown criteria the app reads as "not needed": those that cannot change the answer.</summary>
public sealed class CriterionReadingTests
{
    private static readonly CriterionResult UnknownCandidacy = Criterion("not-surgical-candidate");
    private static readonly CriterionResult UnknownWorsening = Criterion("resection-worsens-kidney-function");

    [Theory]
    [InlineData(DeterminationOutcome.CriteriaNotMet)]
    [InlineData(DeterminationOutcome.Investigational)]
    [InlineData(DeterminationOutcome.Covered)]
    public void An_unknown_criterion_of_an_answer_another_criterion_decided_is_not_needed(DeterminationOutcome outcome)
    {
        var decided = Determination(outcome, [UnknownCandidacy]);

        Assert.Equal(CriterionStatus.NotNeeded, CriterionReading.Shown(decided, UnknownCandidacy));
    }

    [Fact]
    public void An_unknown_criterion_the_missing_list_asks_about_stays_unknown_and_the_others_are_not_needed()
    {
        var open = Determination(
            DeterminationOutcome.NeedsInformation,
            [UnknownCandidacy, UnknownWorsening],
            Missing.SurgicalCandidacy
        );

        Assert.Equal(CriterionStatus.Unknown, CriterionReading.Shown(open, UnknownCandidacy));
        Assert.Equal(CriterionStatus.NotNeeded, CriterionReading.Shown(open, UnknownWorsening));
    }

    [Fact]
    public void An_unconfirmed_finding_may_bear_on_any_criterion_so_every_unknown_stays_unknown()
    {
        var open = Determination(
            DeterminationOutcome.NeedsInformation,
            [UnknownCandidacy, UnknownWorsening],
            Missing.ConfirmFinding
        );

        Assert.Equal(CriterionStatus.Unknown, CriterionReading.Shown(open, UnknownWorsening));
    }

    [Fact]
    public void A_criterion_of_unknown_meaning_stays_unknown_while_the_answer_is_open()
    {
        var unmapped = Criterion("a-criterion-added-later");
        var open = Determination(DeterminationOutcome.NeedsInformation, [unmapped], Missing.TumorSize);

        Assert.Equal(CriterionStatus.Unknown, CriterionReading.Shown(open, unmapped));
    }

    [Theory]
    [InlineData(CriterionStatus.Met)]
    [InlineData(CriterionStatus.NotMet)]
    public void A_known_status_is_shown_as_the_engine_gave_it(CriterionStatus status)
    {
        var known = Criterion("not-surgical-candidate") with { Status = status };
        var decided = Determination(DeterminationOutcome.CriteriaNotMet, [known]);

        Assert.Equal(status, CriterionReading.Shown(decided, known));
    }

    private static CriterionResult Criterion(string id) => new(id, id, CriterionStatus.Unknown, "clause", []);

    private static CoverageDetermination Determination(
        DeterminationOutcome outcome,
        CriterionResult[] criteria,
        params MissingInformation[] missing
    )
    {
        var order = new ServiceRequest
        {
            Id = "o1",
            Status = RequestStatus.Draft,
            Intent = RequestIntent.Order,
            Code = new CodeableConcept("http://www.ama-assn.org/go/cpt", "50593"),
            Subject = new ResourceReference("Patient/p1"),
        };
        var undecided = new Policy260Engine().Undecided([order], new DateOnly(2026, 11, 20), "test").Single();
        return undecided with { Outcome = outcome, Criteria = criteria, Missing = missing };
    }
}
