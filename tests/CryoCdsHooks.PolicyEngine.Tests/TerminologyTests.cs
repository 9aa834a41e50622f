using CryoCdsHooks.PolicyEngine.Facts;
using CryoCdsHooks.PolicyEngine.Terminology;

namespace CryoCdsHooks.PolicyEngine.Tests;

public class TerminologyTests
{
    private static readonly PolicyTerminology Terms = PolicyTerminology.Instance;

    [Fact]
    public void Observation_codes_include_egfr_its_panels_tumor_size_staging_and_attestations_without_a_system()
    {
        var codings = Terms.ObservationCodes();
        var codes = codings.Select(c => c.Code).ToList();

        Assert.All(codings, c => Assert.Null(c.System));
        Assert.Contains("98979-8", codes);
        Assert.Contains("24323-8", codes);
        Assert.Contains("21889-1", codes);
        Assert.Contains("21908-9", codes);
        Assert.Contains("399537006", codes);
        Assert.Contains(AttestationCodes.NotSurgicalCandidate, codes);
        Assert.DoesNotContain("35591-7", codes);
        Assert.Equal(codes.Count, codes.Distinct().Count());
    }

    [Fact]
    public void Order_codes_are_the_eleven_policy_codes_plus_historical_0340T() =>
        Assert.Equal(
            ["0340T", "0581T", "19105", "20983", "32994", "50250", "50542", "50593", "76940", "77013", "77022"],
            Terms.OrderCodes().Select(c => c.Code).Order(StringComparer.Ordinal).ToList()
        );

    [Theory]
    [InlineData("C34.11", true)]
    [InlineData("C3411", true)]
    [InlineData("c34.11", true)]
    [InlineData("C33", true)]
    [InlineData("C78.01", false)]
    public void Icd10_is_a_filter_covers_the_code_and_its_children_with_or_without_the_dot(
        string code,
        bool expected
    ) => Assert.Equal(expected, Terms[ValueSetIds.LungCancerPrimary].Contains(CodeSystems.Icd10Cm, code));

    [Fact]
    public void Codes_match_only_within_their_system() =>
        Assert.False(Terms[ValueSetIds.RenalCellCarcinoma].Contains(CodeSystems.Snomed, "C64.1"));

    [Fact]
    public void Every_indication_used_by_the_rules_has_alternatives()
    {
        string[] indications =
        [
            Indications.Kidney,
            Indications.LungNsclcInoperable,
            Indications.LungSurgicalCandidate,
            Indications.LungAdvanced,
            Indications.LungMetastasis,
            Indications.LungSclc,
            Indications.BreastCancer,
            Indications.Fibroadenoma,
            Indications.Bone,
        ];

        Assert.All(indications, i => Assert.NotEmpty(Terms.Alternatives.For(i)));
        Assert.All(indications.SelectMany(Terms.Alternatives.For), a =>
            Assert.DoesNotContain("covered by", a.Rationale, StringComparison.OrdinalIgnoreCase)
        );
    }

    [Theory]
    [InlineData("Stage IIB", StagingAxis.Group, StagingAxis.Group, 2, "B")]
    [InlineData("Stage 3A", StagingAxis.Group, StagingAxis.Group, 3, "A")]
    [InlineData("1A", StagingAxis.Group, StagingAxis.Group, 1, "A")]
    [InlineData("IA1", StagingAxis.Group, StagingAxis.Group, 1, "A1")]
    [InlineData("4", StagingAxis.Group, StagingAxis.Group, 4, "")]
    [InlineData("cT1a", StagingAxis.T, StagingAxis.T, 1, "a")]
    [InlineData("pN0", StagingAxis.N, StagingAxis.N, 0, "")]
    [InlineData("0", StagingAxis.M, StagingAxis.M, 0, "")]
    [InlineData("cM1b", StagingAxis.M, StagingAxis.M, 1, "b")]
    public void Ajcc_labels_are_parsed(string text, StagingAxis context, StagingAxis axis, int number, string sub)
    {
        var value = Assert.Single(AjccStagingParser.Parse(text, context, new ReadingGuard(default), "test"));

        Assert.Equal((axis, number, sub), (value.Axis, value.Number, value.Subcategory));
    }

    [Fact]
    public void Combined_tnm_text_yields_three_values() =>
        Assert.Equal(
            [(StagingAxis.T, 1), (StagingAxis.N, 0), (StagingAxis.M, 0)],
            AjccStagingParser
                .Parse("cT1aN0M0", StagingAxis.Group, new ReadingGuard(default), "test")
                .Select(v => (v.Axis, v.Number))
                .ToList()
        );

    [Fact]
    public void Not_assessed_categories_are_dropped() =>
        Assert.Empty(AjccStagingParser.Parse("NX", StagingAxis.N, new ReadingGuard(default), "test"));
}
