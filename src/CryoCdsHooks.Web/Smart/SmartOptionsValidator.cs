using Microsoft.Extensions.Options;

namespace CryoCdsHooks.Web.Smart;

internal sealed class SmartOptionsValidator : IValidateOptions<SmartOptions>
{
    public ValidateOptionsResult Validate(string? name, SmartOptions options)
    {
        var errors = new List<string>();
        // Development gets its loopback value from appsettings.Development.json; elsewhere it must be set.
        if (string.IsNullOrEmpty(options.RedirectUri))
            errors.Add(
                "Smart:RedirectUri is required (the app's public https URL + /smart/callback); it is never taken "
                    + "from the Host header."
            );
        if (!string.IsNullOrEmpty(options.ClientSecret) && !string.IsNullOrEmpty(options.PrivateKeyPath))
            errors.Add("Smart:ClientSecret and Smart:PrivateKeyPath are two client authentications: set one.");
        foreach (var (origin, i) in options.FrameAncestors.Select((o, i) => (o, i)))
        {
            if (
                !Uri.TryCreate(origin, UriKind.Absolute, out var uri)
                || uri.GetLeftPart(UriPartial.Authority) != origin.TrimEnd('/')
                || (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))
            )
                errors.Add(
                    $"Smart:FrameAncestors:{i} '{origin}' must be an origin (https://host[:port], http only on "
                        + "loopback)."
                );
        }
        if (options.LoginTimeout <= TimeSpan.Zero || options.LoginTimeout > TimeSpan.FromHours(1))
            errors.Add("Smart:LoginTimeout must be between 0 and 1 hour.");
        if (options.SessionLifetime <= TimeSpan.Zero || options.SessionLifetime > TimeSpan.FromHours(12))
            errors.Add("Smart:SessionLifetime must be between 0 and 12 hours.");
        if (options.HttpTimeout <= TimeSpan.Zero || options.HttpTimeout > TimeSpan.FromMinutes(2))
            errors.Add("Smart:HttpTimeout must be between 0 and 2 minutes.");
        if (
            !options.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("launch", StringComparer.Ordinal)
        )
            errors.Add("Smart:Scopes must include 'launch' (EHR launch).");
        if (
            !string.IsNullOrEmpty(options.RedirectUri)
            && (
                !Uri.TryCreate(options.RedirectUri, UriKind.Absolute, out var redirect)
                || (redirect.Scheme != Uri.UriSchemeHttps && !redirect.IsLoopback)
                || redirect.Fragment.Length > 0
            )
        )
            errors.Add("Smart:RedirectUri must be an absolute https URL without fragment (http only on loopback).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
