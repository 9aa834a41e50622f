using CryoCdsHooks.PolicyEngine.Terminology;
using CryoCdsHooks.PolicyEngine.Tests.TestData;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Tests;

/// <summary>
/// An order's reason may be a symptom or finding: the tumours at the ordered site decide, and the card says so.
/// </summary>
public class SymptomReasonTests
{
    private static RecordBuilder CoveredKidneyCancer() =>
        new RecordBuilder()
            .Condition("C64.1", id: "rcc")
            .TumorSize(3m, "cm")
            .NoSpread()
            .Attestation(AttestationCodes.NotSurgicalCandidate, true);

    private static bool SaysTheReasonIsNotATumor(CoverageDetermination result, string code) =>
        result.Notes.Any(n =>
            n.Contains(code, StringComparison.Ordinal)
            && n.Contains("is not a tumor at the ordered site", StringComparison.Ordinal)
        );

    [Theory]
    [InlineData(CodeSystems.Icd10Cm, "R31.9")]
    [InlineData(CodeSystems.Icd10Cm, "R10.9")]
    [InlineData(CodeSystems.Snomed, "34436003")]
    public void A_symptom_named_by_reason_reference_falls_back_to_the_kidney_tumor_and_says_so(
        string system,
        string code
    )
    {
        var record = CoveredKidneyCancer().Condition(code, system, id: "symptom");

        var result = Engine.Single(record, Orders.For("50593", reasonConditionId: "symptom"));

        Assert.Equal(DeterminationOutcome.Covered, result.Outcome);
        Assert.True(SaysTheReasonIsNotATumor(result, code));
    }

    [Fact]
    public void A_symptom_reason_code_without_a_condition_falls_back_and_says_so()
    {
        var order = Orders.For("50593");
        order.ReasonCode.Add(new CodeableConcept(CodeSystems.Icd10Cm, "R31.0", "Gross hematuria"));

        var result = Engine.Single(CoveredKidneyCancer(), order);

        Assert.Equal(DeterminationOutcome.Covered, result.Outcome);
        Assert.True(SaysTheReasonIsNotATumor(result, "R31.0"));
    }

    [Fact]
    public void A_lung_nodule_named_as_the_reason_falls_back_to_the_lung_cancer()
    {
        var record = new RecordBuilder()
            .Condition("C34.11")
            .Condition("254637007", CodeSystems.Snomed)
            .Condition("R91.1", id: "nodule")
            .Staging("21908-9", CodeSystems.AjccStaging, "1A")
            .Attestation(AttestationCodes.NotSurgicalCandidate, true);

        var result = Engine.Single(record, Orders.For("32994", reasonConditionId: "nodule"));

        Assert.Equal(DeterminationOutcome.Covered, result.Outcome);
        Assert.True(SaysTheReasonIsNotATumor(result, "R91.1"));
    }

    [Fact]
    public void A_reason_naming_the_tumor_needs_no_note()
    {
        var result = Engine.Single(CoveredKidneyCancer(), Orders.For("50593", reasonConditionId: "rcc"));

        Assert.Equal(DeterminationOutcome.Covered, result.Outcome);
        Assert.DoesNotContain(result.Notes, n => n.Contains("is not a tumor", StringComparison.Ordinal));
    }

    [Fact]
    public void A_symptom_reason_with_tumors_on_both_kidneys_still_asks_which()
    {
        var record = new RecordBuilder()
            .Attestation(AttestationCodes.NotSurgicalCandidate, true)
            .Condition("C64.1", id: "right")
            .TumorSize(3m, "cm", focus: "right")
            .NoSpread(focus: "right")
            .Condition("C64.2", id: "left")
            .TumorSize(3.5m, "cm", focus: "left")
            .NoSpread(focus: "left")
            .Condition("R31.9", id: "hematuria");

        var result = Engine.Single(record, Orders.For("50593", reasonConditionId: "hematuria"));

        Assert.Equal(["target-tumor"], result.MissingCodes());
        Assert.True(SaysTheReasonIsNotATumor(result, "R31.9"));
    }
}
