using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace CryoCdsHooks.Web.Smart;

/// <summary>Settings of the SMART app launched from coverage cards (section <c>Smart</c>).</summary>
public sealed class SmartOptions
{
    public const string Section = "Smart";

    /// <summary>Our client id at the EHR's authorization server.</summary>
    [Required, MinLength(1)]
    public string ClientId { get; set; } = "cryo-cds-smart";

    /// <summary>
    /// Client secret of a confidential client (sent as HTTP Basic, <c>client_secret_basic</c>). Empty: public
    /// client (client_id in the token request body, PKCE only).
    /// </summary>
    public string? ClientSecret { get; set; }

    /// <summary>Scopes requested at authorize (SMART App Launch 2 style by default).</summary>
    [Required, MinLength(1)]
    public string Scopes { get; set; } =
        "launch openid fhirUser patient/Patient.rs patient/Encounter.rs patient/Coverage.rs patient/Condition.rs " +
        "patient/Observation.rs patient/Procedure.rs patient/ServiceRequest.rs patient/Observation.c";

    /// <summary>
    /// Absolute redirect URI registered with the authorization server. Empty: <c>{this service}/smart/callback</c>
    /// from the launch request (set it when the service runs behind a proxy that rewrites the host).
    /// </summary>
    public string? RedirectUri { get; set; }

    /// <summary>How long a started launch may take to come back to the callback.</summary>
    public TimeSpan LoginTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a SMART session lasts (capped by the access token's <c>expires_in</c>).</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Timeout of each call to the authorization server and FHIR server made by the app.</summary>
    public TimeSpan HttpTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

internal sealed class SmartOptionsValidator : IValidateOptions<SmartOptions>
{
    public ValidateOptionsResult Validate(string? name, SmartOptions options)
    {
        var errors = new List<string>();
        if (options.LoginTimeout <= TimeSpan.Zero || options.LoginTimeout > TimeSpan.FromHours(1))
            errors.Add("Smart:LoginTimeout must be between 0 and 1 hour.");
        if (options.SessionLifetime <= TimeSpan.Zero || options.SessionLifetime > TimeSpan.FromHours(12))
            errors.Add("Smart:SessionLifetime must be between 0 and 12 hours.");
        if (options.HttpTimeout <= TimeSpan.Zero || options.HttpTimeout > TimeSpan.FromMinutes(2))
            errors.Add("Smart:HttpTimeout must be between 0 and 2 minutes.");
        if (!options.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("launch", StringComparer.Ordinal))
            errors.Add("Smart:Scopes must include 'launch' (EHR launch).");
        if (!string.IsNullOrEmpty(options.RedirectUri)
            && (!Uri.TryCreate(options.RedirectUri, UriKind.Absolute, out var redirect)
                || (redirect.Scheme != Uri.UriSchemeHttps && !redirect.IsLoopback) || redirect.Fragment.Length > 0))
            errors.Add("Smart:RedirectUri must be an absolute https URL without fragment (http only on loopback).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
