namespace CryoCdsHooks.Web.Persistence;

/// <summary>A card handed to a client: feedback is accepted only from the client that was given the card.</summary>
public sealed class IssuedCard
{
    public required string CardUuid { get; set; }
    public required string ClientId { get; set; }
    public required string ServiceId { get; set; }
    public required DateTimeOffset IssuedAt { get; set; }
}
