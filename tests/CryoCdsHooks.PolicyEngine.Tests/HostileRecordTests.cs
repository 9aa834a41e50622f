using System.Diagnostics;
using CryoCdsHooks.PolicyEngine.Facts;
using CryoCdsHooks.PolicyEngine.Terminology;
using CryoCdsHooks.PolicyEngine.Tests.TestData;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Tests;

/// <summary>
/// Well-formed but hostile record values (issue 13 point 1, issue 14 points 1-3): each is ignored as evidence with
/// a note, never an exception, and the cost of reading them grows with the record, not faster.
/// </summary>
public class HostileRecordTests
{
    /// <summary>Surgical candidate whose resection would worsen kidney function: the eGFR alone decides.</summary>
    private static RecordBuilder NeedsEgfr() => KidneyFunctionTests.CandidateNeedingKidneyFunction();

    /// <summary>Covered but for the size: the size alone decides.</summary>
    private static RecordBuilder NeedsSize() =>
        new RecordBuilder().Condition("C64.1").NoSpread().Attestation(AttestationCodes.NotSurgicalCandidate, true);

    [Theory]
    [InlineData("٥٧")] // Arabic-Indic digits
    [InlineData("５７ mL/min/1.73m2")] // full-width digits
    public void Egfr_text_with_non_ascii_digits_is_not_a_number(string text) =>
        Assert.Equal(
            CriterionStatus.Unknown,
            Engine.Single(NeedsEgfr().EgfrText(text), "50593").StatusOf("renal-insufficiency")
        );

    [Theory]
    [InlineData("99999999999999999999999999999999999")] // overflows decimal
    [InlineData("-5")]
    [InlineData("-0")]
    [InlineData("0")]
    [InlineData("100000 mL/min/1.73m2")]
    [InlineData("79228162514264337593543950335 mL/s/1.73m2")] // × 60 would overflow
    public void Invalid_egfr_text_is_noted_and_not_evidence(string text)
    {
        var result = Engine.Single(NeedsEgfr().EgfrText(text), "50593");

        Assert.Equal(CriterionStatus.Unknown, result.StatusOf("renal-insufficiency"));
        Assert.Equal(DeterminationOutcome.NeedsInformation, result.Outcome);
        Assert.Contains(result.Notes, n => n.Contains("eGFR is not a valid value", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(-5)]
    [InlineData(0)]
    [InlineData(301)]
    public void Invalid_egfr_quantity_is_noted_and_not_evidence(int value)
    {
        var result = Engine.Single(NeedsEgfr().Egfr(value), "50593");

        Assert.Equal(CriterionStatus.Unknown, result.StatusOf("renal-insufficiency"));
        Assert.Contains(result.Notes, n => n.Contains("eGFR is not a valid value", StringComparison.Ordinal));
    }

    [Fact]
    public void Huge_si_egfr_quantity_does_not_overflow()
    {
        var result = Engine.Single(NeedsEgfr().Egfr(decimal.MaxValue, "mL/s/{1.73_m2}"), "50593");

        Assert.Equal(CriterionStatus.Unknown, result.StatusOf("renal-insufficiency"));
    }

    [Fact]
    public void Negative_zero_egfr_is_invalid()
    {
        var result = Engine.Single(NeedsEgfr().Egfr(decimal.Negate(0m)), "50593");

        Assert.Equal(CriterionStatus.Unknown, result.StatusOf("renal-insufficiency"));
    }

    [Theory]
    [InlineData("-0")]
    [InlineData("99999999999999999999999999999999999")]
    public void Invalid_egfr_in_a_panel_component_is_noted_and_not_evidence(string text)
    {
        var record = NeedsEgfr()
            .Observation(CodeSystems.Loinc, "24323-8", null, 10, configure: o =>
                o.Component.Add(
                    new Observation.ComponentComponent
                    {
                        Code = new CodeableConcept(CodeSystems.Loinc, "98979-8"),
                        Value = new FhirString(text),
                    }
                )
            );

        var result = Engine.Single(record, "50593");

        Assert.Equal(CriterionStatus.Unknown, result.StatusOf("renal-insufficiency"));
        Assert.Contains(result.Notes, n => n.Contains("eGFR is not a valid value", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("-2 cm", "tumor size is not a valid value")]
    [InlineData("101 cm", "tumor size is not a valid value")]
    public void Invalid_tumor_size_text_is_noted_and_not_evidence(string text, string note)
    {
        var record = NeedsSize().Observation(CodeSystems.Loinc, "21889-1", new FhirString(text), 10);

        var result = Engine.Single(record, "50593");

        Assert.Equal(CriterionStatus.Unknown, result.StatusOf("tumor-size"));
        Assert.Contains(result.Notes, n => n.Contains(note, StringComparison.Ordinal));
    }

    [Fact]
    public void Tumor_size_text_longer_than_256_characters_is_not_read()
    {
        var record = NeedsSize()
            .Observation(CodeSystems.Loinc, "21889-1", new FhirString("3" + new string(' ', 300) + "cm"), 10);

        var result = Engine.Single(record, "50593");

        Assert.Equal(CriterionStatus.Unknown, result.StatusOf("tumor-size"));
        Assert.Contains(result.Notes, n => n.Contains("more than 256", StringComparison.Ordinal));
    }

    [Fact]
    public void Egfr_text_longer_than_256_characters_is_not_read()
    {
        var result = Engine.Single(NeedsEgfr().EgfrText("57" + new string(' ', 300) + "mL/min/1.73m2"), "50593");

        Assert.Equal(CriterionStatus.Unknown, result.StatusOf("renal-insufficiency"));
        Assert.Contains(result.Notes, n => n.Contains("more than 256", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("-3", "cm")]
    [InlineData("0", "cm")]
    [InlineData("-0", "cm")]
    [InlineData("101", "cm")]
    [InlineData("79228162514264337593543950335", "[in_i]")]
    public void Invalid_tumor_size_is_noted_and_not_evidence(string value, string unit)
    {
        var size = decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture);

        var result = Engine.Single(NeedsSize().TumorSize(size, unit), "50593");

        // Neither "within 4 cm" (a wrong covered) nor "larger" (a wrong denial): ask for the size.
        Assert.Equal(CriterionStatus.Unknown, result.StatusOf("tumor-size"));
        Assert.Equal(DeterminationOutcome.NeedsInformation, result.Outcome);
        Assert.Contains("tumor-size", result.MissingCodes());
        Assert.Contains(result.Notes, n => n.Contains("tumor size is not a valid value", StringComparison.Ordinal));
    }

    [Fact]
    public void Staging_text_longer_than_256_characters_is_not_read()
    {
        var record = NeedsSize()
            .TumorSize(3m, "cm")
            .StagingText("21908-9", string.Concat(Enumerable.Repeat("Stage IV ", 40)));

        var result = Engine.Single(record, "50593");

        // The stage IV text would have made the tumour not localized; unread, the N0/M0 coded values decide.
        Assert.Equal(DeterminationOutcome.Covered, result.Outcome);
        Assert.Contains(result.Notes, n => n.Contains("more than 256", StringComparison.Ordinal));
    }

    [Fact]
    public void A_text_yields_at_most_eight_staging_values()
    {
        var values = AjccStagingParser.Parse(
            string.Concat(Enumerable.Repeat("T1aN0M0", 30)),
            StagingAxis.Group,
            new ReadingGuard(default),
            "test"
        );

        Assert.Equal(ReadingGuard.MaxValuesPerText, values.Count);
    }

    [Theory]
    [InlineData("cT12")]
    [InlineData("Stage IIIx")]
    public void Staging_tokens_followed_by_more_characters_are_not_values(string text) =>
        Assert.Empty(AjccStagingParser.Parse(text, StagingAxis.Group, new ReadingGuard(default), "test"));

    [Fact]
    public void An_evaluation_reads_a_bounded_number_of_texts()
    {
        var guard = new ReadingGuard(default);
        var read = Enumerable
            .Range(0, ReadingGuard.MaxTextsPerEvaluation + 50)
            .Count(_ => guard.Admit("cT1a", "test") is not null);

        Assert.Equal(ReadingGuard.MaxTextsPerEvaluation, read);
        Assert.Single(guard.Notes);
    }

    [Fact]
    public void Notes_about_unread_values_are_capped()
    {
        var guard = new ReadingGuard(default);
        for (var i = 0; i < 1000; i++)
            guard.Invalid($"Observation/o{i}", "the eGFR");

        Assert.Equal(ReadingGuard.MaxNotes + 1, guard.Notes.Count);
        Assert.Contains("990 more values", guard.Notes[^1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0001-01-01")]
    [InlineData("0001-01-01T00:00:00+14:00")]
    [InlineData("0001-03-01T00:00:00-14:00")]
    [InlineData("9999-12-31")]
    [InlineData("9999-12-31T23:59:59-14:00")]
    [InlineData("2026-09-30T23:30:00+13:45")]
    public void Orders_and_readings_at_the_calendar_edges_do_not_throw(string date)
    {
        var order = Orders.For("50593");
        order.AuthoredOn = date;
        var record = NeedsEgfr()
            .Observation(
                CodeSystems.Loinc,
                "98979-8",
                new Quantity
                {
                    Value = 45,
                    Code = "mL/min/{1.73_m2}",
                    System = CodeSystems.Ucum,
                },
                10,
                configure: o => o.Effective = new FhirDateTime(date)
            );
        record.Condition("C64.1", configure: c => c.RecordedDate = date);

        var result = Engine.Single(record, order);

        Assert.NotNull(result.Reason);
    }

    public static TheoryData<string> AdversarialTexts =>
        new()
        {
            new string('9', 255), // long digit run
            string.Concat(Enumerable.Repeat("T1", 127)), // repeated tokens
            "stage" + new string(' ', 250) + "x", // long whitespace
            new string(' ', 200) + "57" + new string(' ', 50), // whitespace around a value
            string.Concat(Enumerable.Repeat("stage ", 42)), // repeated keyword
        };

    /// <summary>
    /// Cost ratio, not wall-clock: ten times the adversarial observations may cost about ten times as much; a
    /// quadratic reader would be near 100. Cost is the test thread's CPU time (waiting for a busy machine's cores
    /// does not count), best of alternating runs, and the allocated bytes, which are exact and held tighter.
    /// </summary>
    [Theory]
    [MemberData(nameof(AdversarialTexts))]
    public void Cost_grows_linearly_with_adversarial_observations(string text)
    {
        var small = AdversarialRecord(text, 150);
        var large = AdversarialRecord(text, 1500);
        Measure(small);
        Measure(large); // warm-up
        long smallTicks = long.MaxValue,
            largeTicks = long.MaxValue,
            smallBytes = 0,
            largeBytes = 0;
        for (var round = 0; round < 7; round++)
        {
            (var ticks, smallBytes) = Measure(small);
            smallTicks = Math.Min(smallTicks, ticks);
            (ticks, largeBytes) = Measure(large);
            largeTicks = Math.Min(largeTicks, ticks);
        }

        Console.WriteLine(
            $"cost ratio {text[..10]}: cpu {(double)largeTicks / smallTicks:F1} ({smallTicks / 1000} us -> "
                + $"{largeTicks / 1000} us), bytes {(double)largeBytes / smallBytes:F1} ({smallBytes} -> {largeBytes})"
        );
        Assert.InRange((double)largeTicks / smallTicks, 1, 20);
        Assert.InRange((double)largeBytes / smallBytes, 5, 15);
    }

    private static PatientRecord AdversarialRecord(string text, int count)
    {
        var record = NeedsSize();
        for (var i = 0; i < count; i++)
            record.StagingText("21908-9", text).EgfrText(text);
        return record.Build();
    }

    private static (long Ticks, long Bytes) Measure(PatientRecord record)
    {
        ServiceRequest[] orders = [Orders.For("50593")];
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var started = ThreadCpuNanoseconds();
        Engine.Instance.Evaluate(orders, orders, record, RecordBuilder.OrderDate);
        return (ThreadCpuNanoseconds() - started, GC.GetAllocatedBytesForCurrentThread() - allocated);
    }

    private static long ThreadCpuNanoseconds()
    {
        if (!OperatingSystem.IsLinux())
            return Stopwatch.GetTimestamp();
        clock_gettime(ClockThreadCpuTimeId, out var now);
        return now.Seconds * 1_000_000_000 + now.Nanoseconds;
    }

    private const int ClockThreadCpuTimeId = 3;

    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [System.Runtime.InteropServices.DllImport("libc")]
    private static extern int clock_gettime(int clockId, out TimeSpec time);
}
