using CryoCdsHooks.PolicyEngine;
using CryoCdsHooks.Web.Smart;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.Web.Tests.Smart;

/// <summary>Which unknown criteria the app reads as "not needed": those that cannot change the answer.</summary>
public sealed class CriterionReadingTests
{
    [Theory]
    [InlineData(DeterminationOutcome.CriteriaNotMet)]
    [InlineData(DeterminationOutcome.Investigational)]
    [InlineData(DeterminationOutcome.Covered)]
    public void An_unknown_criterion_of_an_answer_another_criterion_decided_is_not_needed(DeterminationOutcome outcome)
    {
        var unknown = Criterion("not-surgical-candidate");
        var decided = Determination(outcome, [unknown]);

        Assert.Equal(CriterionStatus.NotNeeded, CriterionReading.Shown(decided, unknown));
    }

    /// <summary>While the answer needs information: stays unknown only if what is asked could document it.</summary>
    [Theory]
    [InlineData("surgical-candidacy", "not-surgical-candidate", CriterionStatus.Unknown)]
    [InlineData("surgical-candidacy", "resection-worsens-kidney-function", CriterionStatus.NotNeeded)]
    [InlineData("egfr", "renal-insufficiency", CriterionStatus.Unknown)]
    [InlineData("staging", "tumor-size", CriterionStatus.Unknown)] // a T category can decide the size
    [InlineData("surgical-candidacy", "central-airway-obstruction", CriterionStatus.NotNeeded)] // not an airway site
    // An unconfirmed finding may bear on any criterion; a criterion the table does not know stays unknown.
    [InlineData("confirm-finding", "resection-worsens-kidney-function", CriterionStatus.Unknown)]
    [InlineData("tumor-size", "a-criterion-added-later", CriterionStatus.Unknown)]
    public void An_open_answer_keeps_unknown_only_what_its_missing_list_could_document(
        string missingCode,
        string criterionId,
        CriterionStatus shown
    )
    {
        var unknown = Criterion(criterionId);
        var open = Determination(
            DeterminationOutcome.NeedsInformation,
            [unknown],
            new MissingInformation(missingCode, missingCode)
        );

        Assert.Equal(shown, CriterionReading.Shown(open, unknown));
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
