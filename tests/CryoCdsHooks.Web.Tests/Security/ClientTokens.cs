using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CryoCdsHooks.Web.Tests.Security;

/// <summary>Mints CDS client JWTs the way a CDS Hooks client does (CDS Hooks §Trusting CDS Clients).</summary>
public static class ClientTokens
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    public static string Create(TokenSpec spec)
    {
        var issuedAt = (spec.Now + spec.IssuedAtOffset).UtcDateTime;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = spec.Issuer,
            Audience = spec.Audience,
            IssuedAt = issuedAt,
            Expires = issuedAt + spec.ExpiresIn,
            TokenType = spec.Type,
            SigningCredentials = new SigningCredentials(spec.Key.Key, spec.Key.Algorithm),
            Claims = spec.Jti is null ? null : new Dictionary<string, object> { ["jti"] = spec.Jti },
            AdditionalHeaderClaims = spec.Jku is null ? null : new Dictionary<string, object> { ["jku"] = spec.Jku },
        };
        return Handler.CreateToken(descriptor);
    }

    /// <summary>
    /// A token with an arbitrary header and payload, HMAC-signed with <paramref name="hmacSecret"/> or unsigned:
    /// for <c>alg: none</c>, HMAC confusion and malformed claims.
    /// </summary>
    public static string CreateUnsafe(JsonObject header, JsonObject payload, byte[]? hmacSecret = null)
    {
        var signingInput =
            $"{Base64UrlEncoder.Encode(header.ToJsonString())}.{Base64UrlEncoder.Encode(payload.ToJsonString())}";
        var signature = hmacSecret is null
            ? ""
            : Base64UrlEncoder.Encode(HMACSHA256.HashData(hmacSecret, Encoding.ASCII.GetBytes(signingInput)));
        return $"{signingInput}.{signature}";
    }

    /// <summary>The claims <see cref="Create"/> would write for <paramref name="spec"/>.</summary>
    public static JsonObject Payload(TokenSpec spec)
    {
        var now = spec.Now.ToUnixTimeSeconds();
        return new JsonObject
        {
            ["iss"] = spec.Issuer,
            ["aud"] = spec.Audience,
            ["iat"] = now,
            ["exp"] = now + 300,
            ["jti"] = spec.Jti,
        };
    }
}
