using System.ComponentModel.DataAnnotations;

namespace CryoCdsHooks.Web.Persistence;

/// <summary>How long audit records are kept (section <c>Retention</c>).</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>
    /// Answered hook calls, their coverage assertions, the cards given and feedback. CRD (found-37, found-11) asks
    /// payers to keep invocations and responses for disputes and to honour coverage assertions at claim time;
    /// six years matches HIPAA's documentation retention. Shorter than a year is refused.
    /// </summary>
    [Range(typeof(TimeSpan), "365.00:00:00", "36500.00:00:00")]
    public TimeSpan AnsweredCalls { get; set; } = TimeSpan.FromDays(6 * 365);

    /// <summary>Refused calls (4xx): no coverage was asserted, so they matter for operations, not disputes.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "36500.00:00:00")]
    public TimeSpan RefusedCalls { get; set; } = TimeSpan.FromDays(90);

    /// <summary>
    /// How often the purge runs; each run deletes at most <see cref="BatchSize"/> rows per table and kind.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    [Range(1, 1_000_000)]
    public int BatchSize { get; set; } = 10_000;
}
