using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace CryoCdsHooks.Web.Security;

/// <summary>
/// Reads a JWK Set, keeping only public asymmetric keys: a symmetric key (<c>oct</c>) must never verify a CDS client.
/// </summary>
internal static class JwksKeys
{
    public static IReadOnlyList<JsonWebKey>? Parse(string json, out string? problem)
    {
        JsonWebKeySet set;
        try
        {
            set = new JsonWebKeySet(json);
        }
        catch (Exception e) when (e is ArgumentException or JsonException or FormatException)
        {
            problem = "is not a JSON Web Key Set.";
            return null;
        }

        var keys = set
            .Keys.Where(k =>
                k.Kty is JsonWebAlgorithmsKeyTypes.EllipticCurve or JsonWebAlgorithmsKeyTypes.RSA
                && !string.IsNullOrEmpty(k.Kid)
            )
            .ToList();
        problem = keys.Count == 0 ? "holds no EC or RSA key with a kid." : null;
        return keys.Count == 0 ? null : keys;
    }
}
