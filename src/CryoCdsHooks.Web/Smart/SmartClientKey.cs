using System.Security.Cryptography;
using System.Text.Json;
using Duende.IdentityModel;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CryoCdsHooks.Web.Smart;

/// <summary>
/// The app's key for <c>private_key_jwt</c> client authentication (SMART App Launch 2, asymmetric confidential
/// client): RS384 for RSA, ES384 for EC P-384. Loaded once from <see cref="SmartOptions.PrivateKeyPath"/>; the
/// public half is served as a JWKS for the EHR to register (or fetch).
/// </summary>
internal sealed class SmartClientKey
{
    private readonly SigningCredentials? _credentials;
    private readonly TimeProvider _time;

    public SmartClientKey(IOptions<SmartOptions> options, TimeProvider time)
    {
        _time = time;
        if (string.IsNullOrEmpty(options.Value.PrivateKeyPath))
            return;
        var (key, algorithm) = Load(File.ReadAllText(options.Value.PrivateKeyPath));
        key.KeyId = string.IsNullOrEmpty(options.Value.KeyId)
            ? Base64UrlEncoder.Encode(key.ComputeJwkThumbprint())
            : options.Value.KeyId;
        _credentials = new SigningCredentials(key, algorithm);

        var jwk = JsonWebKeyConverter.ConvertFromSecurityKey(PublicHalf(key));
        jwk.KeyId = key.KeyId;
        jwk.Alg = algorithm;
        jwk.Use = "sig";
        PublicJwks = JsonSerializer.Serialize(new { keys = new[] { Public(jwk) } });
    }

    /// <summary>The JWKS with the public key; null when the app does not use private_key_jwt.</summary>
    public string? PublicJwks { get; }

    public bool IsConfigured => _credentials is not null;

    /// <summary>
    /// The client assertion for one token request: iss = sub = client_id, aud = the token endpoint, a unique jti,
    /// valid five minutes (SMART's maximum).
    /// </summary>
    public string CreateAssertion(string clientId, Uri tokenEndpoint)
    {
        var credentials = _credentials ?? throw new InvalidOperationException("No private key is configured.");
        var now = _time.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(
            new SecurityTokenDescriptor
            {
                Issuer = clientId,
                Audience = tokenEndpoint.AbsoluteUri,
                Claims = new Dictionary<string, object>
                {
                    [JwtClaimTypes.Subject] = clientId,
                    [JwtClaimTypes.JwtId] = CryptoRandom.CreateUniqueId(32, CryptoRandom.OutputFormat.Base64Url),
                },
                IssuedAt = now,
                Expires = now.AddMinutes(5),
                SigningCredentials = credentials,
                TokenType = "JWT",
            }
        );
    }

    private static (AsymmetricSecurityKey Key, string Algorithm) Load(string pem)
    {
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
            if (rsa.KeySize < 2048)
                throw new InvalidOperationException("Smart:PrivateKeyPath: an RSA key needs at least 2048 bits.");
            return (new RsaSecurityKey(rsa), SecurityAlgorithms.RsaSha384);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            rsa.Dispose(); // not an RSA key: try EC
        }
        var ec = ECDsa.Create();
        ec.ImportFromPem(pem);
        if (ec.KeySize != 384)
            throw new InvalidOperationException("Smart:PrivateKeyPath: an EC key must be on P-384 (ES384).");
        return (new ECDsaSecurityKey(ec), SecurityAlgorithms.EcdsaSha384);
    }

    private static AsymmetricSecurityKey PublicHalf(AsymmetricSecurityKey key) =>
        key switch
        {
            RsaSecurityKey rsa => new RsaSecurityKey(rsa.Rsa.ExportParameters(false)),
            ECDsaSecurityKey ec => new ECDsaSecurityKey(ECDsa.Create(ec.ECDsa.ExportParameters(false))),
            _ => throw new NotSupportedException(),
        };

    // Only public members of the JWK: ConvertFromSecurityKey of a public key leaves the private ones empty.
    private static Dictionary<string, string> Public(JsonWebKey jwk)
    {
        var members = new Dictionary<string, string>
        {
            ["kty"] = jwk.Kty,
            ["kid"] = jwk.Kid,
            ["alg"] = jwk.Alg,
            ["use"] = jwk.Use,
        };
        if (jwk.Kty == "RSA")
        {
            members["n"] = jwk.N;
            members["e"] = jwk.E;
        }
        else
        {
            members["crv"] = jwk.Crv;
            members["x"] = jwk.X;
            members["y"] = jwk.Y;
        }
        return members;
    }
}
