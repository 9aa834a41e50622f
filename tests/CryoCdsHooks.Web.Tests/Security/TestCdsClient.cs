using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CryoCdsHooks.Web.Tests.Security;

/// <summary>A signing key made at test time (no keys are committed): ECDsa P-384 for ES*, RSA 3072 for RS*.</summary>
public sealed class TestSigningKey
{
    public TestSigningKey(string algorithm, string? kid = null)
    {
        Algorithm = algorithm;
        Key = algorithm.StartsWith("ES", StringComparison.Ordinal)
            ? new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP384))
            : new RsaSecurityKey(RSA.Create(3072));
        Key.KeyId = kid ?? Guid.NewGuid().ToString("N");
    }

    public string Algorithm { get; }
    public AsymmetricSecurityKey Key { get; }
    public string Kid => Key.KeyId;

    /// <summary>The public half as a JWK, as the client would publish it.</summary>
    public JsonObject PublicJwk()
    {
        var jwk = Key is ECDsaSecurityKey ec
            ? JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(ECDsa.Create(ec.ECDsa.ExportParameters(false))) { KeyId = Kid })
            : JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(((RsaSecurityKey)Key).Rsa.ExportParameters(false)) { KeyId = Kid });
        var json = new JsonObject { ["kty"] = jwk.Kty, ["kid"] = jwk.Kid, ["use"] = "sig", ["alg"] = Algorithm };
        if (jwk.Kty == "EC")
        {
            json["crv"] = jwk.Crv;
            json["x"] = jwk.X;
            json["y"] = jwk.Y;
        }
        else
        {
            json["n"] = jwk.N;
            json["e"] = jwk.E;
        }
        return json;
    }

    public static string Jwks(params TestSigningKey[] keys) =>
        new JsonObject { ["keys"] = new JsonArray(keys.Select(k => (JsonNode)k.PublicJwk()).ToArray()) }.ToJsonString();
}

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
        var signingInput = $"{Base64UrlEncoder.Encode(header.ToJsonString())}.{Base64UrlEncoder.Encode(payload.ToJsonString())}";
        var signature = hmacSecret is null ? "" : Base64UrlEncoder.Encode(HMACSHA256.HashData(hmacSecret, Encoding.ASCII.GetBytes(signingInput)));
        return $"{signingInput}.{signature}";
    }

    /// <summary>The claims <see cref="Create"/> would write for <paramref name="spec"/>.</summary>
    public static JsonObject Payload(TokenSpec spec)
    {
        var now = spec.Now.ToUnixTimeSeconds();
        return new JsonObject { ["iss"] = spec.Issuer, ["aud"] = spec.Audience, ["iat"] = now, ["exp"] = now + 300, ["jti"] = spec.Jti };
    }
}
