using CryoCdsHooks.PolicyEngine.Terminology;
using CryoCdsHooks.PolicyEngine.Tests.TestData;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Tests;

/// <summary>Two resources with one type and id decide nothing by their order (issue 14 point 6).</summary>
public class DuplicateResourceTests
{
    /// <summary>Everything for a covered kidney ablation but the size, which two same-id observations give.</summary>
    private static RecordBuilder WithSizes(params (decimal Cm, string? LastUpdated)[] sizes)
    {
        var record = new RecordBuilder()
            .Condition("C64.1")
            .NoSpread()
            .Attestation(AttestationCodes.NotSurgicalCandidate, true);
        foreach (var (cm, lastUpdated) in sizes)
        {
            record.Observation(
                CodeSystems.Loinc,
                "21889-1",
                new Quantity
                {
                    Value = cm,
                    Code = "cm",
                    System = CodeSystems.Ucum,
                },
                5,
                configure: o =>
                {
                    o.Id = "size";
                    if (lastUpdated is not null)
                        o.Meta = new Meta
                        {
                            LastUpdated = DateTimeOffset.Parse(
                                lastUpdated,
                                System.Globalization.CultureInfo.InvariantCulture
                            ),
                        };
                }
            );
        }
        return record;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Different_versions_without_a_newer_one_are_missing_data_whatever_their_order(bool reversed)
    {
        (decimal, string?)[] sizes = [(3m, null), (5m, null)];
        if (reversed)
            Array.Reverse(sizes);

        var result = Engine.Single(WithSizes(sizes), "50593");

        Assert.Equal(DeterminationOutcome.NeedsInformation, result.Outcome);
        Assert.Contains("tumor-size", result.MissingCodes());
        Assert.Contains(result.Notes, n =>
            n.StartsWith("Observation/size: different resources share this id", StringComparison.Ordinal)
        );
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_newest_meta_last_updated_wins_whatever_the_order(bool reversed)
    {
        (decimal, string?)[] sizes = [(5m, "2026-09-01T00:00:00Z"), (3m, "2026-09-20T00:00:00Z")];
        if (reversed)
            Array.Reverse(sizes);

        var result = Engine.Single(WithSizes(sizes), "50593");

        Assert.Equal(DeterminationOutcome.Covered, result.Outcome);
        Assert.Contains(Assert.Single(result.Criteria, c => c.Id == "tumor-size").Evidence, e =>
            e.Summary.StartsWith("Tumor size 3 cm", StringComparison.Ordinal)
        );
    }

    [Fact]
    public void Identical_copies_are_one_resource()
    {
        var result = Engine.Single(WithSizes((3m, null), (3m, null)), "50593");

        Assert.Equal(DeterminationOutcome.Covered, result.Outcome);
        Assert.DoesNotContain(result.Notes, n => n.Contains("share this id", StringComparison.Ordinal));
    }

    [Fact]
    public void Same_last_updated_on_different_versions_is_a_conflict()
    {
        var result = Engine.Single(WithSizes((3m, "2026-09-20T00:00:00Z"), (5m, "2026-09-20T00:00:00Z")), "50593");

        Assert.Equal(DeterminationOutcome.NeedsInformation, result.Outcome);
    }
}
