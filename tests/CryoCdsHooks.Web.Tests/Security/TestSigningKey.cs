using System.Security.Cryptography;
using System.Text.Json.Nodes;
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
            ? JsonWebKeyConverter.ConvertFromECDsaSecurityKey(
                new ECDsaSecurityKey(ECDsa.Create(ec.ECDsa.ExportParameters(false))) { KeyId = Kid }
            )
            : JsonWebKeyConverter.ConvertFromRSASecurityKey(
                new RsaSecurityKey(((RsaSecurityKey)Key).Rsa.ExportParameters(false)) { KeyId = Kid }
            );
        var json = new JsonObject
        {
            ["kty"] = jwk.Kty,
            ["kid"] = jwk.Kid,
            ["use"] = "sig",
            ["alg"] = Algorithm,
        };
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
