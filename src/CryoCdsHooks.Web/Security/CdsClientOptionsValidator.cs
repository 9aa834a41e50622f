using CryoCdsHooks.Web.Persistence;
using Microsoft.Extensions.Options;

namespace CryoCdsHooks.Web.Security;

/// <summary>Start-up checks: no unauthenticated Production by accident, and every trusted client is usable.</summary>
internal sealed class CdsClientOptionsValidator(IHostEnvironment environment) : IValidateOptions<CdsClientOptions>
{
    public ValidateOptionsResult Validate(string? name, CdsClientOptions options)
    {
        var failures = new List<string>();
        if (!options.RequireAuthentication && environment.IsProduction() && !options.AllowUnauthenticatedInProduction)
        {
            failures.Add(
                $"{CdsClientOptions.Section}:RequireAuthentication is false in Production. CDS clients must "
                    + "authenticate; "
                    + $"set {CdsClientOptions.Section}:AllowUnauthenticatedInProduction to true only if something "
                    + "else authenticates them."
            );
        }

        foreach (
            var duplicate in options.Clients.GroupBy(c => c.Issuer, StringComparer.Ordinal).Where(g => g.Count() > 1)
        )
        {
            failures.Add($"{CdsClientOptions.Section}:Clients: issuer '{duplicate.Key}' is listed more than once.");
        }
        foreach (var client in options.Clients)
            failures.AddRange(Check(client));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static IEnumerable<string> Check(TrustedCdsClient client)
    {
        var where = $"{CdsClientOptions.Section}:Clients '{client.Issuer}'";
        if (string.IsNullOrWhiteSpace(client.Issuer))
            yield return $"{where}: Issuer is required.";
        if (client.Issuer.Length > AuditDbContext.ClientIdMaxLength)
        {
            yield return $"{where}: Issuer is longer than {AuditDbContext.ClientIdMaxLength} characters.";
        }
        if (client.Jwks is not null && client.JwksUrl is not null)
            yield return $"{where}: give Jwks or JwksUrl, not both.";
        if (client.Jwks is null && client.JwksUrl is null && client.AllowedJkuUrls.Count == 0)
        {
            yield return $"{where}: give its keys as Jwks, JwksUrl or AllowedJkuUrls.";
        }
        if (client.Jwks is not null && JwksKeys.Parse(client.Jwks, out var problem) is null)
            yield return $"{where}: Jwks {problem}";
        foreach (var url in client.AllowedJkuUrls.Append(client.JwksUrl).OfType<string>().Where(u => !IsFetchable(u)))
        {
            yield return $"{where}: '{url}' must be an absolute https URL (http only on loopback).";
        }
        foreach (
            var algorithm in client.AllowedAlgorithms.Where(a => !TrustedCdsClient.PermittedAlgorithms.Contains(a))
        )
        {
            yield return $"{where}: algorithm '{algorithm}' is not allowed; CDS Hooks forbids 'none' and symmetric "
                + "algorithms.";
        }
    }

    private static bool IsFetchable(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && uri.UserInfo.Length == 0
        && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback));
}
