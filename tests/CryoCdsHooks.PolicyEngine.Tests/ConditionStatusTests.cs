using CryoCdsHooks.PolicyEngine.Terminology;
using CryoCdsHooks.PolicyEngine.Tests.TestData;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Tests;

public class ConditionStatusTests
{
    private static RecordBuilder OtherwiseCoveredKidney() =>
        new RecordBuilder().TumorSize(3m, "cm").NoSpread().Attestation(AttestationCodes.NotSurgicalCandidate, true);

    [Theory]
    [InlineData("refuted")]
    [InlineData("entered-in-error")]
    public void Refuted_or_erroneous_cancer_is_ignored(string verification)
    {
        var result = Engine.Single(
            OtherwiseCoveredKidney().Condition("C64.1", verificationStatus: verification),
            "50593"
        );

        Assert.Equal(["diagnosis"], result.MissingCodes());
    }

    [Theory]
    [InlineData("resolved")]
    [InlineData("remission")]
    [InlineData("inactive")]
    public void Resolved_cancer_is_not_active(string clinical)
    {
        var result = Engine.Single(OtherwiseCoveredKidney().Condition("C64.1", clinicalStatus: clinical), "50593");

        Assert.Equal(DeterminationOutcome.NeedsInformation, result.Outcome);
        Assert.Equal(["diagnosis"], result.MissingCodes());
    }

    [Fact]
    public void Abated_cancer_is_not_active()
    {
        var record = OtherwiseCoveredKidney()
            .Condition("C64.1", configure: c => c.Abatement = new FhirDateTime(RecordBuilder.DaysBefore(10)));

        Assert.Equal(["diagnosis"], Engine.Single(record, "50593").MissingCodes());
    }

    [Theory]
    [InlineData("provisional")]
    [InlineData("unconfirmed")]
    [InlineData("differential")]
    public void Provisional_cancer_needs_a_confirmed_diagnosis(string verification)
    {
        var result = Engine.Single(
            OtherwiseCoveredKidney().Condition("C64.1", verificationStatus: verification),
            "50593"
        );

        Assert.Equal(DeterminationOutcome.NeedsInformation, result.Outcome);
        Assert.Equal(["confirmed-diagnosis"], result.MissingCodes());
    }

    [Fact]
    public void Missing_statuses_are_accepted_as_current()
    {
        var result = Engine.Single(
            OtherwiseCoveredKidney().Condition("C64.1", clinicalStatus: null, verificationStatus: null),
            "50593"
        );

        Assert.Equal(DeterminationOutcome.Covered, result.Outcome);
    }

    [Fact]
    public void Resolved_ckd_does_not_count()
    {
        var record = new RecordBuilder()
            .Condition("C64.1")
            .TumorSize(3m, "cm")
            .NoSpread()
            .Attestation(AttestationCodes.SurgicalCandidate, true)
            .Attestation(AttestationCodes.ResectionWorsensKidneyFunction, true)
            .Condition("N18.4", clinicalStatus: "resolved");

        Assert.Equal(["egfr"], Engine.Single(record, "50593").MissingCodes());
    }

    [Fact]
    public void Refuted_procedure_contraindication_does_not_count()
    {
        var record = new RecordBuilder()
            .Condition("C64.1")
            .TumorSize(3m, "cm")
            .NoSpread()
            .Egfr(80)
            .Condition("183932001", CodeSystems.Snomed, verificationStatus: "refuted");

        Assert.Equal(["surgical-candidacy"], Engine.Single(record, "50593").MissingCodes());
    }
}
