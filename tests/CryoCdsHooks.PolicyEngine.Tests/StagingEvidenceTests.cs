using CryoCdsHooks.PolicyEngine.Facts;
using CryoCdsHooks.PolicyEngine.Terminology;
using CryoCdsHooks.PolicyEngine.Tests.TestData;

namespace CryoCdsHooks.PolicyEngine.Tests;

/// <summary>
/// Stage from TNM for every site, newest evidence wins, stage 0 (issue 11 point 4, issue 12 point 2).
/// </summary>
public class StagingEvidenceTests
{
    private const string StageGroup = "21908-9";
    private const string TCategory = "21905-5";
    private const string NCategory = "21906-3";
    private const string MCategory = "21907-1";

    private static RecordBuilder Rcc() =>
        new RecordBuilder().Condition("C64.1").Attestation(AttestationCodes.NotSurgicalCandidate, true);

    private static RecordBuilder Nsclc() =>
        new RecordBuilder()
            .Condition("C34.11")
            .Condition("254637007", CodeSystems.Snomed)
            .Attestation(AttestationCodes.NotSurgicalCandidate, true);

    [Theory]
    [InlineData("T1a", CriterionStatus.Met)]
    [InlineData("T1b", CriterionStatus.Met)]
    [InlineData("T1", CriterionStatus.Met)]
    [InlineData("T2a", CriterionStatus.Met)]
    [InlineData("T2b", CriterionStatus.Met)]
    [InlineData("T3a", CriterionStatus.NotMet)]
    [InlineData("T3c", CriterionStatus.NotMet)]
    [InlineData("T4", CriterionStatus.NotMet)]
    public void Kidney_t_category_with_n0_m0_decides_localized_by_the_ajcc_stage_group(
        string t,
        CriterionStatus expected
    )
    {
        var record = Rcc().TumorSize(3m, "cm").StagingText(TCategory, t).NoSpread();

        Assert.Equal(expected, Engine.Single(record, "50593").StatusOf("localized"));
    }

    [Fact]
    public void Kidney_t3_n0_m0_is_not_covered_whatever_the_size()
    {
        var result = Engine.Single(Rcc().TumorSize(3m, "cm").StagingText(TCategory, "T3a").NoSpread(), "50593");

        Assert.Equal(DeterminationOutcome.CriteriaNotMet, result.Outcome);
    }

    [Fact]
    public void Kidney_stage_i_followed_by_a_later_n1_is_not_localized()
    {
        var record = Rcc()
            .TumorSize(3m, "cm")
            .Staging(StageGroup, CodeSystems.AjccStaging, "1", daysBefore: 60)
            .StagingText(NCategory, "N1", daysBefore: 5);

        var result = Engine.Single(record, "50593");

        Assert.Equal(CriterionStatus.NotMet, result.StatusOf("localized"));
        Assert.Equal(DeterminationOutcome.CriteriaNotMet, result.Outcome);
        Assert.Contains(result.Notes, n => n.Contains("derived", StringComparison.Ordinal));
    }

    [Fact]
    public void A_recorded_kidney_stage_0_decides_nothing() =>
        Assert.Equal(
            CriterionStatus.Unknown,
            Engine
                .Single(Rcc().TumorSize(3m, "cm").Staging(StageGroup, CodeSystems.AjccStaging, "0"), "50593")
                .StatusOf("localized")
        );

    [Fact]
    public void Lung_stage_ia_followed_by_a_later_n2_is_not_early()
    {
        var record = Nsclc()
            .Staging(StageGroup, CodeSystems.AjccStaging, "1A", daysBefore: 60)
            .StagingText(NCategory, "N2", daysBefore: 3);

        var result = Engine.Single(record, "32994");

        Assert.Equal(CriterionStatus.NotMet, result.StatusOf("early-stage"));
        Assert.Equal(DeterminationOutcome.Investigational, result.Outcome);
    }

    [Fact]
    public void Lung_stage_ia_followed_by_a_later_n1_with_no_t_asks_for_staging()
    {
        // T1-2 N1 is IIB (early), T3-4 N1 is IIIA: without T the group cannot be told.
        var record = Nsclc()
            .Staging(StageGroup, CodeSystems.AjccStaging, "1A", daysBefore: 60)
            .StagingText(NCategory, "N1", daysBefore: 3);

        var result = Engine.Single(record, "32994");

        Assert.Equal(DeterminationOutcome.NeedsInformation, result.Outcome);
        Assert.Contains("staging", result.MissingCodes());
    }

    [Fact]
    public void A_later_m1_overrides_an_earlier_early_stage_group()
    {
        var record = Nsclc()
            .Staging(StageGroup, CodeSystems.AjccStaging, "1A", daysBefore: 60)
            .Staging(MCategory, CodeSystems.Snomed, "1229903009", daysBefore: 3);

        Assert.Equal(CriterionStatus.NotMet, Engine.Single(record, "32994").StatusOf("early-stage"));
    }

    [Fact]
    public void A_newer_stage_group_consistent_with_older_tnm_is_kept()
    {
        var record = Nsclc()
            .StagingText(TCategory, "T1a", daysBefore: 60)
            .NoSpread(daysBefore: 60)
            .Staging(StageGroup, CodeSystems.AjccStaging, "1A", daysBefore: 3);

        Assert.Equal(DeterminationOutcome.Covered, Engine.Single(record, "32994").Outcome);
    }

    [Theory]
    [InlineData("T2b", "N0", CriterionStatus.Met)] // IIA
    [InlineData("T3", "N0", CriterionStatus.Met)] // IIB
    [InlineData("T1c", "N1", CriterionStatus.Met)] // IIB
    [InlineData("T3", "N1", CriterionStatus.NotMet)] // IIIA
    [InlineData("T4", "N0", CriterionStatus.NotMet)] // IIIA
    public void Lung_stage_group_is_derived_from_tnm_by_the_ajcc_table(string t, string n, CriterionStatus expected)
    {
        var record = Nsclc()
            .StagingText(TCategory, t)
            .StagingText(NCategory, n)
            .Staging(MCategory, CodeSystems.Snomed, "1229901006");

        Assert.Equal(expected, Engine.Single(record, "32994").StatusOf("early-stage"));
    }

    [Fact]
    public void Lung_stage_0_is_in_situ_and_investigational_as_other_than_defined()
    {
        var result = Engine.Single(Nsclc().Staging(StageGroup, CodeSystems.AjccStaging, "0"), "32994");

        Assert.Equal(DeterminationOutcome.Investigational, result.Outcome);
        Assert.Contains("neither NSCLC nor SCLC", result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("424132000", DeterminationOutcome.Covered)] // NSCLC, TNM stage 1
    [InlineData("425048006", DeterminationOutcome.Covered)] // stage 2
    [InlineData("422968005", DeterminationOutcome.Investigational)] // stage 3
    [InlineData("423121009", DeterminationOutcome.Investigational)] // stage 4
    [InlineData("67811000119102", DeterminationOutcome.Investigational)] // small cell, stage 1
    public void Synthea_snomed_only_records_carry_histology_and_stage_in_one_concept(
        string snomed,
        DeterminationOutcome expected
    )
    {
        var record = new RecordBuilder()
            .Condition(snomed, CodeSystems.Snomed)
            .Attestation(AttestationCodes.NotSurgicalCandidate, true);

        Assert.Equal(expected, Engine.Single(record, "32994").Outcome);
    }

    [Fact]
    public void Staging_table_derives_a_partial_tnm_as_the_range_of_groups_it_allows()
    {
        var table = PolicyTerminology.Instance.StageGroups;
        StagingValue Value(string text, StagingAxis axis) => AjccStagingParser.Parse(text, axis).Single();

        Assert.Equal(new StageRange(3, 4), table.Derive(StagingSite.Lung, null, Value("N2", StagingAxis.N), null));
        Assert.Equal(
            new StageRange(3, 3),
            table.Derive(
                StagingSite.Kidney,
                Value("T3b", StagingAxis.T),
                Value("N0", StagingAxis.N),
                Value("M0", StagingAxis.M)
            )
        );
        Assert.Equal(new StageRange(4, 4), table.Derive(StagingSite.Kidney, null, null, Value("M1", StagingAxis.M)));
        Assert.Null(table.Derive(StagingSite.Kidney, Value("T0", StagingAxis.T), null, Value("M0", StagingAxis.M)));
    }
}
