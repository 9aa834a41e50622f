using CryoCdsHooks.PolicyEngine.Terminology;
using CryoCdsHooks.PolicyEngine.Tests.TestData;
using CryoCdsHooks.PolicyEngine.Versions;

namespace CryoCdsHooks.PolicyEngine.Tests;

/// <summary>
/// The edition owns its numbers: a test edition with a stricter GFR threshold, a shorter eGFR window and a smaller
/// size limit decides by those numbers and quotes them, beside the 9/2024 edition that keeps 60, 90 days and 4 cm.
/// </summary>
public sealed class PolicyNumbersTests
{
    private static readonly PolicyVersion Stricter = Policy260Versions.September2024 with
    {
        Version = "test-stricter",
        Numbers = new PolicyNumbers(GfrBelow: 45m, EgfrLookbackDays: 30, MaximumTumorCentimetres: 3m),
    };

    private static readonly Policy260Engine StricterEngine = new(PolicyTerminology.Instance, Stricter);

    private static CoverageDetermination Judge(Policy260Engine engine, RecordBuilder record) =>
        Assert.Single(engine.Evaluate([Orders.For("50593")], [], record.Build(), RecordBuilder.OrderDate));

    [Fact]
    public void The_9_2024_edition_uses_60_90_days_and_4_cm()
    {
        Assert.Equal(new PolicyNumbers(60m, 90, 4m), Policy260Versions.September2024.Numbers);
    }

    [Fact]
    public void An_egfr_below_the_current_threshold_but_not_the_test_editions_is_insufficiency_only_in_the_current_one()
    {
        var record = KidneyFunctionTests.CandidateNeedingKidneyFunction().Egfr(50m);

        Assert.Equal(DeterminationOutcome.Covered, Judge(Engine.Instance, record).Outcome);
        var stricter = Judge(StricterEngine, record);
        Assert.Equal(CriterionStatus.NotMet, stricter.StatusOf("renal-insufficiency"));
        Assert.Equal(DeterminationOutcome.Investigational, stricter.Outcome);
        Assert.Contains("GFR < 45", Assert.Single(stricter.Criteria, c => c.Id == "renal-insufficiency").Description);
        Assert.Contains(
            "less than 45 mL/min",
            Assert.Single(stricter.Criteria, c => c.Id == "renal-insufficiency").PolicyClause
        );
    }

    [Fact]
    public void An_egfr_older_than_the_test_editions_window_is_stale_there_and_the_request_quotes_its_window()
    {
        var record = KidneyFunctionTests.CandidateNeedingKidneyFunction().Egfr(40m, daysBefore: 45);

        Assert.Equal(DeterminationOutcome.Covered, Judge(Engine.Instance, record).Outcome);
        var stricter = Judge(StricterEngine, record);
        Assert.Equal(DeterminationOutcome.NeedsInformation, stricter.Outcome);
        var egfr = Assert.Single(stricter.Missing, m => m.Code == "egfr");
        Assert.Contains("from the 30 days before the order", egfr.Description);
        Assert.Contains(Assert.Single(stricter.Criteria, c => c.Id == "renal-insufficiency").Evidence, e =>
            e.Summary.EndsWith("stale: outside the 30-day window", StringComparison.Ordinal)
        );
    }

    [Fact]
    public void A_tumour_within_the_current_limit_but_over_the_test_editions_is_not_covered_there_and_says_its_limit()
    {
        var record = new RecordBuilder()
            .Condition("C64.1")
            .TumorSize(3.5m, "cm")
            .NoSpread()
            .Attestation(AttestationCodes.NotSurgicalCandidate, true);

        Assert.Equal(DeterminationOutcome.Covered, Judge(Engine.Instance, record).Outcome);
        var stricter = Judge(StricterEngine, record);
        Assert.Equal(DeterminationOutcome.CriteriaNotMet, stricter.Outcome);
        Assert.Contains("larger than 3 cm", stricter.Reason);
        Assert.Equal(
            "The tumor is no more than 3 cm",
            Assert.Single(stricter.Criteria, c => c.Id == "tumor-size").Description
        );
    }

    [Theory]
    [InlineData(4, true, true)]
    [InlineData(4, false, false)]
    [InlineData(3, true, null)]
    [InlineData(3, false, false)]
    [InlineData(5, true, true)]
    [InlineData(5, false, null)]
    public void A_kidney_t_category_decides_the_size_only_where_the_limit_lets_it(int limitCm, bool isT1a, bool? within)
    {
        var numbers = new PolicyNumbers(60m, 90, limitCm);

        Assert.Equal(within, numbers.KidneyTumorWithinLimit(isT1a));
    }
}
