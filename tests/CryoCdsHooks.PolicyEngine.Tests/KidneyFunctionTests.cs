using CryoCdsHooks.PolicyEngine.Terminology;
using CryoCdsHooks.PolicyEngine.Tests.TestData;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Tests;

/// <summary>
/// eGFR edges. The patient is a surgical candidate whose resection would worsen kidney function, so renal
/// insufficiency alone decides: true → Covered, false → Investigational, unknown → NeedsInformation (egfr).
/// </summary>
public class KidneyFunctionTests
{
    internal static RecordBuilder CandidateNeedingKidneyFunction() =>
        new RecordBuilder()
            .Condition("C64.1")
            .TumorSize(3m, "cm")
            .NoSpread()
            .Attestation(AttestationCodes.SurgicalCandidate, true)
            .Attestation(AttestationCodes.ResectionWorsensKidneyFunction, true);

    private static CriterionStatus RenalInsufficiency(RecordBuilder record) =>
        Engine.Single(record, "50593").StatusOf("renal-insufficiency");

    [Fact]
    public void Egfr_of_59_9_is_renal_insufficiency()
    {
        var result = Engine.Single(CandidateNeedingKidneyFunction().Egfr(59.9m), "50593");

        Assert.Equal(DeterminationOutcome.Covered, result.Outcome);
        Assert.Contains(Assert.Single(result.Criteria, c => c.Id == "renal-insufficiency").Evidence, e =>
            e.Summary == "eGFR 59.9 mL/min/1.73m2 (LOINC 98979-8)"
        );
    }

    [Fact]
    public void Egfr_of_exactly_60_is_not_renal_insufficiency()
    {
        var result = Engine.Single(CandidateNeedingKidneyFunction().Egfr(60m), "50593");

        Assert.Equal(CriterionStatus.NotMet, result.StatusOf("renal-insufficiency"));
        Assert.Equal(DeterminationOutcome.Investigational, result.Outcome);
    }

    [Theory]
    [InlineData("mL/min/1.73m2")]
    [InlineData("mL/min/1.73 m2")]
    [InlineData("ml/min/1,73m2")]
    [InlineData("mL/min/1.73m^2")]
    public void Egfr_unit_spellings_are_equivalent(string unit) =>
        Assert.Equal(CriterionStatus.Met, RenalInsufficiency(CandidateNeedingKidneyFunction().Egfr(45, unit)));

    [Fact]
    public void Si_unit_ml_per_second_is_converted_0_95_is_57()
    {
        var result = Engine.Single(CandidateNeedingKidneyFunction().Egfr(0.95m, "mL/s/{1.73_m2}"), "50593");

        Assert.Equal(CriterionStatus.Met, result.StatusOf("renal-insufficiency"));
        Assert.Contains(Assert.Single(result.Criteria, c => c.Id == "renal-insufficiency").Evidence, e =>
            e.Summary.StartsWith("eGFR 57 ")
        );
    }

    [Fact]
    public void Plain_ml_per_min_is_clearance_not_egfr() =>
        Assert.Equal(CriterionStatus.Unknown, RenalInsufficiency(CandidateNeedingKidneyFunction().Egfr(45, "mL/min")));

    [Theory]
    [InlineData(">60", CriterionStatus.NotMet)]
    [InlineData(">90", CriterionStatus.NotMet)]
    [InlineData("<15", CriterionStatus.Met)]
    [InlineData("<90", CriterionStatus.Unknown)]
    [InlineData("42", CriterionStatus.Met)]
    public void Egfr_value_strings_are_parsed(string text, CriterionStatus expected) =>
        Assert.Equal(expected, RenalInsufficiency(CandidateNeedingKidneyFunction().EgfrText(text)));

    [Theory]
    [InlineData(Quantity.QuantityComparator.GreaterThan, 60, CriterionStatus.NotMet)]
    [InlineData(Quantity.QuantityComparator.LessThan, 60, CriterionStatus.Met)]
    [InlineData(Quantity.QuantityComparator.LessThan, 15, CriterionStatus.Met)]
    public void Egfr_comparator_quantities_are_bounds(
        Quantity.QuantityComparator comparator,
        decimal value,
        CriterionStatus expected
    ) =>
        Assert.Equal(
            expected,
            RenalInsufficiency(CandidateNeedingKidneyFunction().Egfr(value, comparator: comparator))
        );

    [Fact]
    public void Egfr_from_89_days_ago_is_recent() =>
        Assert.Equal(
            CriterionStatus.Met,
            RenalInsufficiency(CandidateNeedingKidneyFunction().Egfr(45, daysBefore: 89))
        );

    [Fact]
    public void Egfr_from_91_days_ago_is_stale_and_shown_as_such()
    {
        var result = Engine.Single(CandidateNeedingKidneyFunction().Egfr(45, daysBefore: 91), "50593");

        Assert.Equal(DeterminationOutcome.NeedsInformation, result.Outcome);
        Assert.Equal(["egfr"], result.MissingCodes());
        Assert.Contains(Assert.Single(result.Criteria, c => c.Id == "renal-insufficiency").Evidence, e =>
            e.Summary.Contains("stale")
        );
    }

    [Fact]
    public void Egfr_after_the_order_date_is_ignored() =>
        Assert.Equal(
            CriterionStatus.Unknown,
            RenalInsufficiency(CandidateNeedingKidneyFunction().Egfr(45, daysBefore: -3))
        );

    [Fact]
    public void Preliminary_egfr_is_ignored() =>
        Assert.Equal(
            CriterionStatus.Unknown,
            RenalInsufficiency(CandidateNeedingKidneyFunction().Egfr(45, status: ObservationStatus.Preliminary))
        );

    [Fact]
    public void Cockcroft_gault_clearance_is_ignored() =>
        Assert.Equal(
            CriterionStatus.Unknown,
            RenalInsufficiency(CandidateNeedingKidneyFunction().Egfr(45, "mL/min", loinc: "35591-7"))
        );

    [Fact]
    public void Egfr_with_data_absent_reason_is_ignored()
    {
        var record = CandidateNeedingKidneyFunction()
            .Observation(CodeSystems.Loinc, "98979-8", null, 5, configure: o =>
                o.DataAbsentReason = new CodeableConcept(
                    "http://terminology.hl7.org/CodeSystem/data-absent-reason",
                    "error"
                )
            );

        Assert.Equal(CriterionStatus.Unknown, RenalInsufficiency(record));
    }

    [Fact]
    public void Recent_egfr_beats_a_coded_ckd_stage()
    {
        var result = Engine.Single(CandidateNeedingKidneyFunction().Condition("N18.4").Egfr(72), "50593");

        Assert.Equal(CriterionStatus.NotMet, result.StatusOf("renal-insufficiency"));
        Assert.Contains(result.Notes, n => n.Contains("conflicts"));
    }

    [Fact]
    public void Stale_egfr_falls_back_to_coded_ckd() =>
        Assert.Equal(
            CriterionStatus.Met,
            RenalInsufficiency(CandidateNeedingKidneyFunction().Condition("N18.30").Egfr(75, daysBefore: 200))
        );

    [Fact]
    public void Ckd_stage_2_is_not_renal_insufficiency() =>
        Assert.Equal(CriterionStatus.Unknown, RenalInsufficiency(CandidateNeedingKidneyFunction().Condition("N18.2")));

    [Fact]
    public void Latest_egfr_wins()
    {
        var record = CandidateNeedingKidneyFunction().Egfr(45, daysBefore: 60).Egfr(65, daysBefore: 5);

        Assert.Equal(CriterionStatus.NotMet, RenalInsufficiency(record));
    }

    [Fact]
    public void Same_day_ckd_epi_2021_is_preferred_over_race_based_results()
    {
        var record = CandidateNeedingKidneyFunction()
            .Egfr(55, loinc: "48642-3", daysBefore: 4)
            .Egfr(62, loinc: "98979-8", daysBefore: 4);

        Assert.Equal(CriterionStatus.NotMet, RenalInsufficiency(record));
    }

    [Fact]
    public void Order_without_authored_on_uses_the_evaluation_date()
    {
        var result = Engine.Single(
            CandidateNeedingKidneyFunction().Egfr(45, daysBefore: 30),
            Orders.For("50593", withAuthoredOn: false)
        );

        Assert.Equal(CriterionStatus.Met, result.StatusOf("renal-insufficiency"));
    }

    [Fact]
    public void Race_based_egfr_counts_but_is_flagged()
    {
        var result = Engine.Single(CandidateNeedingKidneyFunction().Egfr(52, loinc: "48642-3"), "50593");

        Assert.Equal(CriterionStatus.Met, result.StatusOf("renal-insufficiency"));
        Assert.Contains(result.Notes, n => n.Contains("race-based"));
    }
}
