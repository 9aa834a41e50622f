using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CryoCdsHooks.Web.Security;

/// <summary>
/// CDS Hooks 2.0 §Trusting CDS Clients: the JWT header names <c>alg</c>, <c>kid</c> and <c>typ</c> = JWT; the
/// <c>iss</c> is an allowlisted client, the key comes from that client's JWK Set (out-of-band, or from an
/// allowlisted <c>jku</c>), <c>aud</c> is the exact endpoint URL, and <c>exp</c>, <c>iat</c> and <c>jti</c> are
/// present, current and not replayed. Signature, audience and header checks are Microsoft.IdentityModel's.
/// </summary>
internal sealed class CdsClientTokenValidator(
    IOptionsMonitor<CdsClientOptions> options,
    JwksCache jwksCache,
    JtiReplayCache replays,
    TimeProvider time
)
{
    private static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false };
    private readonly ConcurrentDictionary<string, IReadOnlyList<JsonWebKey>?> _inlineKeys = new(StringComparer.Ordinal);

    public async Task<CdsClientTokenValidation> ValidateAsync(string token, string audience, CancellationToken ct)
    {
        JsonWebToken jwt;
        try
        {
            jwt = Handler.ReadJsonWebToken(token);
        }
        catch (ArgumentException)
        {
            return CdsClientTokenValidation.Fail("The bearer token is not a well-formed JWT.");
        }

        var current = options.CurrentValue;
        var client = current.Clients.FirstOrDefault(c => c.Issuer == jwt.Issuer);
        if (client is null)
            return CdsClientTokenValidation.Fail("The token's iss is not a trusted CDS client.");
        // Checked before any key is looked up: 'none' and HS* (e.g. HMAC keyed with our copy of a public key) never get
        // near a key.
        if (!client.EffectiveAlgorithms.Contains(jwt.Alg, StringComparer.Ordinal))
        {
            return CdsClientTokenValidation.Fail(
                $"The JWT alg is not accepted; use one of {string.Join(", ", client.EffectiveAlgorithms)}."
            );
        }
        if (jwt.Typ != "JWT")
            return CdsClientTokenValidation.Fail("The JWT header typ must be 'JWT'.");
        if (string.IsNullOrEmpty(jwt.Kid))
            return CdsClientTokenValidation.Fail("The JWT header must name a kid.");
        if (!jwt.TryGetPayloadValue<string>(JwtRegisteredClaimNames.Jti, out var jti) || string.IsNullOrEmpty(jti))
        {
            return CdsClientTokenValidation.Fail("The token must carry a jti.");
        }
        if (jwt.IssuedAt == DateTime.MinValue)
            return CdsClientTokenValidation.Fail("The token must carry an iat.");
        if (jwt.ValidTo == DateTime.MinValue)
            return CdsClientTokenValidation.Fail("The token must carry an exp.");

        var keysUrl = client.JwksUrl;
        if (jwt.TryGetHeaderValue<string>("jku", out var jku))
        {
            if (!client.AllowedJkuUrls.Contains(jku, StringComparer.Ordinal))
            {
                return CdsClientTokenValidation.Fail("The token's jku is not on this client's allowlist.");
            }
            keysUrl = jku;
        }

        var key = await FindKeyAsync(client, keysUrl, jwt.Kid, ct);
        if (key is null)
            return CdsClientTokenValidation.Fail("No key in this client's JWK Set has the token's kid.");

        var result = await Handler.ValidateTokenAsync(
            jwt,
            new TokenValidationParameters
            {
                ValidIssuer = client.Issuer,
                ValidAudience = audience,
                IgnoreTrailingSlashWhenValidatingAudience = false,
                IssuerSigningKey = key,
                TryAllIssuerSigningKeys = false,
                ValidAlgorithms = client.EffectiveAlgorithms,
                ValidTypes = ["JWT"],
                RequireSignedTokens = true,
                // Lifetime is checked below against TimeProvider (IdentityModel would read the system clock).
                ValidateLifetime = false,
            }
        );
        if (!result.IsValid)
            return CdsClientTokenValidation.Fail(Describe(result.Exception, audience));

        var now = time.GetUtcNow().UtcDateTime;
        if (jwt.ValidTo + current.ClockSkew <= now)
            return CdsClientTokenValidation.Fail("The token has expired (exp).");
        if (jwt.ValidFrom != DateTime.MinValue && jwt.ValidFrom - current.ClockSkew > now)
        {
            return CdsClientTokenValidation.Fail("The token is not valid yet (nbf).");
        }
        if (jwt.IssuedAt - current.ClockSkew > now)
            return CdsClientTokenValidation.Fail("The token's iat is in the future.");
        if (jwt.ValidTo - jwt.IssuedAt > current.MaxTokenLifetime)
        {
            return CdsClientTokenValidation.Fail(
                $"The token's lifetime (exp - iat) exceeds {current.MaxTokenLifetime.TotalSeconds:0} seconds; send a "
                    + "short-lived JWT with every call."
            );
        }
        // Only now, with the signature checked, may a jti be recorded: forged tokens must not burn real ones.
        if (
            !await replays.TryRecordAsync(
                client.Issuer,
                jti,
                new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero) + current.ClockSkew,
                ct
            )
        )
        {
            return CdsClientTokenValidation.Fail(
                "This token was already used (jti replay); send a new JWT with every call."
            );
        }
        return new CdsClientTokenValidation(client.Issuer, null);
    }

    private async Task<JsonWebKey?> FindKeyAsync(
        TrustedCdsClient client,
        string? keysUrl,
        string kid,
        CancellationToken ct
    )
    {
        if (keysUrl is null)
        {
            var inline = client.Jwks is null
                ? null
                : _inlineKeys.GetOrAdd(client.Jwks, json => JwksKeys.Parse(json, out _));
            return inline?.FirstOrDefault(k => k.Kid == kid);
        }

        var keys = await jwksCache.GetAsync(keysUrl, refresh: false, ct);
        var key = keys?.FirstOrDefault(k => k.Kid == kid);
        if (key is not null)
            return key;
        // An unknown kid may mean the client rotated its keys since we fetched them.
        keys = await jwksCache.GetAsync(keysUrl, refresh: true, ct);
        return keys?.FirstOrDefault(k => k.Kid == kid);
    }

    /// <summary>Our own words for IdentityModel's failures: its messages may quote parts of the token.</summary>
    private static string Describe(Exception? failure, string audience) =>
        failure switch
        {
            SecurityTokenInvalidAudienceException =>
                $"The token's aud must be the URL of the endpoint invoked: {audience}",
            SecurityTokenInvalidIssuerException => "The token's iss is not a trusted CDS client.",
            SecurityTokenInvalidAlgorithmException => "The JWT alg is not accepted.",
            SecurityTokenInvalidTypeException => "The JWT header typ must be 'JWT'.",
            SecurityTokenSignatureKeyNotFoundException => "No key in this client's JWK Set has the token's kid.",
            SecurityTokenInvalidSignatureException => "The token's signature is not valid.",
            _ => "The token is not valid.",
        };
}
