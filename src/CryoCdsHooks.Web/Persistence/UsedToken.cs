namespace CryoCdsHooks.Web.Persistence;

/// <summary>A client token already accepted, shared by every replica; kept until the token expires.</summary>
public sealed class UsedToken
{
    /// <summary>SHA-256 (hex) of issuer and jti: fixed length whatever the client puts in its jti.</summary>
    public required string Id { get; set; }

    /// <summary>Unix seconds after which the token is expired and the entry can go.</summary>
    public required long ExpiresAt { get; set; }
}
