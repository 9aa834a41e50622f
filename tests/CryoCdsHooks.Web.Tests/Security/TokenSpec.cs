namespace CryoCdsHooks.Web.Tests.Security;

/// <summary>What a test may vary in a client JWT; defaults make a valid token for <see cref="Audience"/>.</summary>
public sealed record TokenSpec(string Issuer, string Audience, TestSigningKey Key)
{
    public DateTimeOffset Now { get; init; } = DateTimeOffset.UtcNow;
    public TimeSpan IssuedAtOffset { get; init; } = TimeSpan.Zero;
    public TimeSpan ExpiresIn { get; init; } = TimeSpan.FromMinutes(5);
    public string? Jti { get; init; } = Guid.NewGuid().ToString();
    public string? Type { get; init; } = "JWT";
    public string? Jku { get; init; }
}
