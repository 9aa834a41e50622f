namespace CryoCdsHooks.Web.Persistence;

public sealed class CardFeedback
{
    public long Id { get; set; }
    public string ClientId { get; set; } = "";
    public required string ServiceId { get; set; }
    public required string CardUuid { get; set; }
    public required string Outcome { get; set; }

    /// <summary>
    /// The instant in the one UTC form of <see cref="IsoInstant"/>, so repeats compare equal however written.
    /// </summary>
    public required string OutcomeTimestamp { get; set; }
    public string? AcceptedSuggestionsJson { get; set; }
    public string? OverrideReasonJson { get; set; }
    public required DateTimeOffset ReceivedAt { get; set; }
}
