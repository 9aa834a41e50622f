using Microsoft.Extensions.Options;

namespace CryoCdsHooks.Web.Hosting;

/// <summary>
/// The public base URL is what token audiences and links are built from: outside Development it must be set.
/// </summary>
internal sealed class CdsServiceOptionsValidator(IHostEnvironment environment) : IValidateOptions<CdsServiceOptions>
{
    public ValidateOptionsResult Validate(string? name, CdsServiceOptions options)
    {
        var url = options.PublicBaseUrl;
        if (url.Length == 0)
        {
            return environment.IsDevelopment()
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail(
                    $"{CdsServiceOptions.Section}:PublicBaseUrl is required outside Development: the URL clients "
                        + "call this service at "
                        + "(e.g. https://cds.example.org). Client token audiences are checked against it."
                );
        }
        return
            Uri.TryCreate(url, UriKind.Absolute, out var uri)
            && uri.Scheme is "http" or "https"
            && uri.Query.Length == 0
            && uri.Fragment.Length == 0
            && uri.UserInfo.Length == 0
            && !url.EndsWith('/')
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"{CdsServiceOptions.Section}:PublicBaseUrl must be an absolute http(s) URL without query, fragment "
                    + "or trailing slash."
            );
    }
}
