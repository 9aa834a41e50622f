using System.Globalization;

namespace CryoCdsHooks.Web.Persistence;

/// <summary>
/// Date-times clients send are instants: read as ISO 8601 (feedback <c>outcomeTimestamp</c>, the CRD metrics
/// range), and a feedback timestamp is stored in one UTC form and compared as an instant wherever feedback is told
/// apart or ordered (the duplicate check, the latest feedback per card in CRD metrics). "10:15:00+02:00" and
/// "08:15:00Z" are one instant, so one feedback.
/// </summary>
public static class IsoInstant
{
    // ISO 8601 date-times: seconds optional, up to 7 fraction digits, "Z", an offset, or none (CDS Hooks says UTC).
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];

    // Fixed width, UTC: ordinal order of the text is the order of the instants, and equal instants are equal text.
    private const string StoredFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    /// <summary>An ISO 8601 date-time within the calendar once in UTC; false for anything else.</summary>
    public static bool TryRead(string text, out DateTimeOffset instant) =>
        DateTimeOffset.TryParseExact(
            text,
            Formats,
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
            out instant
        );

    /// <summary>The text stored for an instant.</summary>
    public static string ToStored(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString(StoredFormat, CultureInfo.InvariantCulture);

    /// <summary>
    /// The instant of stored text. Rows written before timestamps were stored in one form hold the text as sent
    /// (validated then by a culture-lenient parse), so that parse is the fallback.
    /// </summary>
    public static DateTimeOffset Of(string stored) =>
        TryRead(stored, out var instant)
        || DateTimeOffset.TryParse(stored, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out instant)
            ? instant.ToUniversalTime()
            : DateTimeOffset.MinValue;
}
