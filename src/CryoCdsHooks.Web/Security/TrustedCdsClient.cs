using Microsoft.IdentityModel.Tokens;

namespace CryoCdsHooks.Web.Security;

/// <summary>One CDS client we trust, identified by the <c>iss</c> of its JWTs.</summary>
public sealed class TrustedCdsClient
{
    public static readonly string[] DefaultAlgorithms = [SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.RsaSha384];

    /// <summary>
    /// The only signature algorithms a client may be allowed: asymmetric ones (no <c>none</c>, no HS*).
    /// </summary>
    public static readonly string[] PermittedAlgorithms =
    [
        SecurityAlgorithms.EcdsaSha256,
        SecurityAlgorithms.EcdsaSha384,
        SecurityAlgorithms.EcdsaSha512,
        SecurityAlgorithms.RsaSha256,
        SecurityAlgorithms.RsaSha384,
        SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256,
        SecurityAlgorithms.RsaSsaPssSha384,
        SecurityAlgorithms.RsaSsaPssSha512,
    ];

    public string Issuer { get; set; } = "";

    /// <summary>The client's JWK Set given out-of-band, as JSON text (or as a JSON object in appsettings).</summary>
    public string? Jwks { get; set; }

    /// <summary>Where the client's JWK Set is published, used for tokens without <c>jku</c>.</summary>
    public string? JwksUrl { get; set; }

    /// <summary>
    /// Exact <c>jku</c> URLs this client's tokens may name; a token's JWK Set is then fetched from there.
    /// </summary>
    public List<string> AllowedJkuUrls { get; set; } = [];

    /// <summary>
    /// FHIR server base URLs this client may name as <c>fhirServer</c>, added to
    /// <c>FhirAccess:ClientAllowedFhirServers</c> under its issuer (whose URL colons configuration keys cannot hold).
    /// </summary>
    public List<string> AllowedFhirServers { get; set; } = [];

    /// <summary>Accepted <c>alg</c> values; empty means ES384 and RS384 (the ones CDS Hooks recommends).</summary>
    public List<string> AllowedAlgorithms { get; set; } = [];

    public IReadOnlyList<string> EffectiveAlgorithms =>
        AllowedAlgorithms.Count > 0 ? AllowedAlgorithms : DefaultAlgorithms;
}
