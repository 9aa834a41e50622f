using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using CryoCdsHooks.FhirAccess;
using CryoCdsHooks.Web.Persistence;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace CryoCdsHooks.Web.Security;

/// <summary>Which CDS clients may call us and how their JWTs are checked (section <c>CdsClients</c>).</summary>
public sealed class CdsClientOptions
{
    public const string Section = "CdsClients";

    /// <summary>
    /// CDS Hooks §Trusting CDS Clients: every call must carry a client JWT. Turning it off is refused in
    /// Production unless <see cref="AllowUnauthenticatedInProduction"/> is also set.
    /// </summary>
    public bool RequireAuthentication { get; set; } = true;

    /// <summary>Explicit, deliberately awkward override for running without authentication in Production.</summary>
    public bool AllowUnauthenticatedInProduction { get; set; }

    public List<TrustedCdsClient> Clients { get; set; } = [];

    /// <summary>Tolerance for clock differences when checking <c>exp</c>, <c>nbf</c> and <c>iat</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Longest token lifetime (exp − iat) accepted. CDS Hooks tokens are made per call; a short lifetime limits
    /// what a captured token is worth and how long its jti must be remembered (the replay cache's size).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan MaxTokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a JWK Set fetched from a URL is used before it is fetched again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan JwksCacheDuration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Least time between two fetches of one JWK Set when a token names an unknown <c>kid</c> (key rotation).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan JwksMinimumRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:30")]
    public TimeSpan JwksFetchTimeout { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>One CDS client we trust, identified by the <c>iss</c> of its JWTs.</summary>
public sealed class TrustedCdsClient
{
    public static readonly string[] DefaultAlgorithms = [SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.RsaSha384];

    /// <summary>The only signature algorithms a client may be allowed: asymmetric ones (no <c>none</c>, no HS*).</summary>
    public static readonly string[] PermittedAlgorithms =
    [
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
    ];

    public string Issuer { get; set; } = "";

    /// <summary>The client's JWK Set given out-of-band, as JSON text (or as a JSON object in appsettings).</summary>
    public string? Jwks { get; set; }

    /// <summary>Where the client's JWK Set is published, used for tokens without <c>jku</c>.</summary>
    public string? JwksUrl { get; set; }

    /// <summary>Exact <c>jku</c> URLs this client's tokens may name; a token's JWK Set is then fetched from there.</summary>
    public List<string> AllowedJkuUrls { get; set; } = [];

    /// <summary>
    /// FHIR server base URLs this client may name as <c>fhirServer</c>, added to
    /// <c>FhirAccess:ClientAllowedFhirServers</c> under its issuer (whose URL colons configuration keys cannot hold).
    /// </summary>
    public List<string> AllowedFhirServers { get; set; } = [];

    /// <summary>Accepted <c>alg</c> values; empty means ES384 and RS384 (the ones CDS Hooks recommends).</summary>
    public List<string> AllowedAlgorithms { get; set; } = [];

    public IReadOnlyList<string> EffectiveAlgorithms => AllowedAlgorithms.Count > 0 ? AllowedAlgorithms : DefaultAlgorithms;
}

/// <summary>
/// Lets <c>Jwks</c> be written as a JSON object in appsettings: configuration flattens it into child keys,
/// which are turned back into JSON text here (every JWK member is a string or an array of strings).
/// </summary>
internal sealed class InlineJwksConfiguration(IConfiguration configuration) : IPostConfigureOptions<CdsClientOptions>
{
    public void PostConfigure(string? name, CdsClientOptions options)
    {
        var clients = configuration.GetSection(CdsClientOptions.Section).GetSection(nameof(CdsClientOptions.Clients)).GetChildren().ToList();
        for (var i = 0; i < clients.Count && i < options.Clients.Count; i++)
        {
            var jwks = clients[i].GetSection(nameof(TrustedCdsClient.Jwks));
            if (jwks.GetChildren().Any()) options.Clients[i].Jwks = ToJson(jwks)!.ToJsonString();
        }
    }

    private static JsonNode? ToJson(IConfigurationSection section)
    {
        var children = section.GetChildren().ToList();
        if (children.Count == 0) return JsonValue.Create(section.Value);
        // Binding sorts array items as strings ("10" before "2"), so order them by index.
        if (children.All(c => int.TryParse(c.Key, out _)))
        {
            return new JsonArray(children.OrderBy(c => int.Parse(c.Key)).Select(ToJson).ToArray());
        }
        var json = new JsonObject();
        foreach (var child in children) json[child.Key] = ToJson(child);
        return json;
    }
}

/// <summary>Hands each trusted client's <see cref="TrustedCdsClient.AllowedFhirServers"/> to the FHIR access allowlist.</summary>
internal sealed class ClientFhirServersConfiguration(IOptions<CdsClientOptions> clients) : IPostConfigureOptions<FhirAccessOptions>
{
    public void PostConfigure(string? name, FhirAccessOptions options)
    {
        foreach (var client in clients.Value.Clients.Where(c => c.AllowedFhirServers.Count > 0))
        {
            options.ClientAllowedFhirServers[client.Issuer] =
                [.. options.ClientAllowedFhirServers.GetValueOrDefault(client.Issuer) ?? [], .. client.AllowedFhirServers];
        }
    }
}

/// <summary>Start-up checks: no unauthenticated Production by accident, and every trusted client is usable.</summary>
internal sealed class CdsClientOptionsValidator(IHostEnvironment environment) : IValidateOptions<CdsClientOptions>
{
    public ValidateOptionsResult Validate(string? name, CdsClientOptions options)
    {
        var failures = new List<string>();
        if (!options.RequireAuthentication && environment.IsProduction() && !options.AllowUnauthenticatedInProduction)
        {
            failures.Add($"{CdsClientOptions.Section}:RequireAuthentication is false in Production. CDS clients must authenticate; " +
                $"set {CdsClientOptions.Section}:AllowUnauthenticatedInProduction to true only if something else authenticates them.");
        }

        foreach (var duplicate in options.Clients.GroupBy(c => c.Issuer, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            failures.Add($"{CdsClientOptions.Section}:Clients: issuer '{duplicate.Key}' is listed more than once.");
        }
        foreach (var client in options.Clients) failures.AddRange(Check(client));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static IEnumerable<string> Check(TrustedCdsClient client)
    {
        var where = $"{CdsClientOptions.Section}:Clients '{client.Issuer}'";
        if (string.IsNullOrWhiteSpace(client.Issuer)) yield return $"{where}: Issuer is required.";
        if (client.Issuer.Length > AuditDbContext.ClientIdMaxLength)
        {
            yield return $"{where}: Issuer is longer than {AuditDbContext.ClientIdMaxLength} characters.";
        }
        if (client.Jwks is not null && client.JwksUrl is not null) yield return $"{where}: give Jwks or JwksUrl, not both.";
        if (client.Jwks is null && client.JwksUrl is null && client.AllowedJkuUrls.Count == 0)
        {
            yield return $"{where}: give its keys as Jwks, JwksUrl or AllowedJkuUrls.";
        }
        if (client.Jwks is not null && JwksKeys.Parse(client.Jwks, out var problem) is null) yield return $"{where}: Jwks {problem}";
        foreach (var url in client.AllowedJkuUrls.Append(client.JwksUrl).OfType<string>().Where(u => !IsFetchable(u)))
        {
            yield return $"{where}: '{url}' must be an absolute https URL (http only on loopback).";
        }
        foreach (var algorithm in client.AllowedAlgorithms.Where(a => !TrustedCdsClient.PermittedAlgorithms.Contains(a)))
        {
            yield return $"{where}: algorithm '{algorithm}' is not allowed; CDS Hooks forbids 'none' and symmetric algorithms.";
        }
    }

    private static bool IsFetchable(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Length == 0
        && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback));
}
