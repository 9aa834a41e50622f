using CryoCdsHooks.PolicyEngine.Facts;
using CryoCdsHooks.PolicyEngine.Terminology;
using CryoCdsHooks.PolicyEngine.Tests.TestData;
using CryoCdsHooks.PolicyEngine.Versions;

namespace CryoCdsHooks.PolicyEngine.Tests;

/// <summary>
/// Work stops when the caller goes away or the hook's deadline passes (issue 14 point 4): the token reaches the
/// engine and every text parser, and what is answered instead reads nothing of the record.
/// </summary>
public sealed class CancellationTests
{
    private static readonly PatientRecord Record = KidneyFunctionTests
        .CandidateNeedingKidneyFunction()
        .EgfrText("57 mL/min/1.73m2")
        .Build();

    private static CancellationToken Cancelled() => new(canceled: true);

    [Fact]
    public void A_cancelled_evaluation_stops()
    {
        Assert.Throws<OperationCanceledException>(() =>
            new Policy260Engine().Evaluate(
                [Orders.For("50593")],
                [Orders.For("50593")],
                Record,
                RecordBuilder.OrderDate,
                Cancelled()
            )
        );
    }

    [Fact]
    public void The_service_engine_passes_cancellation_to_the_edition_in_force()
    {
        var engine = VersionedPolicyEngine.Policy260(PolicyTerminology.Instance);

        Assert.Throws<OperationCanceledException>(() =>
            engine.Evaluate([Orders.For("50593")], [Orders.For("50593")], Record, RecordBuilder.OrderDate, Cancelled())
        );
    }

    [Fact]
    public void A_text_parser_stops_at_the_next_text_once_cancelled()
    {
        using var caller = new CancellationTokenSource();
        var guard = new ReadingGuard(caller.Token);
        var before = AjccStagingParser.Parse("cT1a", StagingAxis.T, guard, "test");

        caller.Cancel();

        Assert.NotEmpty(before);
        Assert.Throws<OperationCanceledException>(() => AjccStagingParser.Parse("cT1a", StagingAxis.T, guard, "test"));
    }

    [Fact]
    public void Undecided_orders_are_classified_and_dated_without_reading_the_record()
    {
        var engine = VersionedPolicyEngine.Policy260(PolicyTerminology.Instance);
        var undated = Orders.For("50593");
        undated.AuthoredOn = "2017-06-01"; // before every edition
        undated.Id = "sr-undated";

        var results = engine.Undecided(
            [Orders.For("50593"), Orders.For("99213"), undated],
            RecordBuilder.OrderDate,
            "not evaluated"
        );

        Assert.Equal(["sr-50593", "sr-undated"], results.Select(r => r.Order.Id));
        Assert.All(results, r => Assert.Equal(DeterminationOutcome.NeedsInformation, r.Outcome));
        Assert.All(results, r => Assert.Empty(r.Criteria));
        Assert.Equal(
            ("50593", "not evaluated", "9/2024"),
            (results[0].CptCode, results[0].Reason, results[0].Policy.Version)
        );
        Assert.Equal(RecordBuilder.OrderDate, results[0].DateOfService.Date);
        Assert.Equal([VersionedPolicyEngine.MissingDateOfService], results[1].MissingCodes());
    }
}
