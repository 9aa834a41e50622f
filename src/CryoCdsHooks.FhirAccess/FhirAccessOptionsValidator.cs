using Microsoft.Extensions.Options;

namespace CryoCdsHooks.FhirAccess;

/// <summary>
/// Checks what data annotations cannot: every allowlist entry is an absolute http(s) base URL, and a page fits the
/// per-hook byte budget.
/// </summary>
internal sealed class FhirAccessOptionsValidator : IValidateOptions<FhirAccessOptions>
{
    public ValidateOptionsResult Validate(string? name, FhirAccessOptions options)
    {
        var failures = new List<string>();
        foreach (var prefix in options.AllowedFhirServers)
        {
            CheckPrefix(prefix, nameof(FhirAccessOptions.AllowedFhirServers), failures);
        }

        foreach (var (clientId, prefixes) in options.ClientAllowedFhirServers)
        {
            foreach (var prefix in prefixes)
            {
                CheckPrefix(prefix, $"{nameof(FhirAccessOptions.ClientAllowedFhirServers)}:{clientId}", failures);
            }
        }

        if (options.MaxPageBytes > options.MaxFetchedBytesPerHook)
        {
            failures.Add(
                $"{nameof(FhirAccessOptions.MaxPageBytes)} ({options.MaxPageBytes}) exceeds "
                    + $"{nameof(FhirAccessOptions.MaxFetchedBytesPerHook)} ({options.MaxFetchedBytesPerHook})."
            );
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckPrefix(string prefix, string setting, List<string> failures)
    {
        if (
            !Uri.TryCreate(prefix, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || uri.Query.Length > 0
            || uri.Fragment.Length > 0
            || uri.UserInfo.Length > 0
        )
        {
            failures.Add(
                $"{setting}: '{prefix}' is not an absolute http(s) base URL without query, fragment or credentials."
            );
        }
    }
}
