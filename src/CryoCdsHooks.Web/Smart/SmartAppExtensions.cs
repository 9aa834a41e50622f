using System.Net;
using CryoCdsHooks.Web.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace CryoCdsHooks.Web.Smart;

/// <summary>Wiring of the SMART app launched from coverage cards (<c>/smart/*</c>).</summary>
public static class SmartAppExtensions
{
    /// <summary>Options (section <c>Smart</c>, validated at start), session store, OAuth and FHIR clients.</summary>
    public static IServiceCollection AddSmartApp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SmartOptions>()
            .Bind(configuration.GetSection(SmartOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<SmartOptions>, SmartOptionsValidator>();

        // One key ring for every replica, in the audit database: launch state, sessions and antiforgery tokens
        // protected by one replica are read by any other.
        services.AddDataProtection().SetApplicationName("CryoCdsHooks").PersistKeysToDbContext<AuditDbContext>();
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie = new SmartCookies.AntiforgeryCookie { Name = "cryo_smart_af", Path = "/smart", HttpOnly = true, IsEssential = true };
            // The page's CSP frame-ancestors decides who may frame it; X-Frame-Options: SAMEORIGIN would forbid the EHR.
            antiforgery.SuppressXFrameOptionsHeader = true;
        });
        services.AddSingleton<SmartServerPolicy>();
        services.AddSingleton<SmartClientKey>();
        services.AddScoped<SmartSessionStore>();
        services.AddSingleton<SmartAuthorizationClient>();
        services.AddSingleton<SmartFhirClient>();

        services.AddHttpClient(SmartAuthorizationClient.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                // A redirect could carry the code or the bearer token to another host.
                AllowAutoRedirect = false,
                UseCookies = false,
                AutomaticDecompression = DecompressionMethods.All,
            })
            // Default request logs print URLs, which hold patient and order ids.
            .RemoveAllLoggers();
        return services;
    }

    /// <summary>
    /// <c>GET /smart/launch</c>, <c>GET /smart/callback</c>, <c>GET /smart/app</c>, <c>POST /smart/app/attest</c>,
    /// <c>GET /smart/app.css</c> and <c>GET /smart/.well-known/jwks.json</c>. These are browser routes: no CDS client JWT.
    /// </summary>
    public static IEndpointRouteBuilder MapSmartApp(this IEndpointRouteBuilder endpoints)
    {
        var smart = endpoints.MapGroup("/smart").ExcludeFromDescription();
        smart.MapGet("/launch", SmartLaunchEndpoints.LaunchAsync);
        smart.MapGet("/callback", SmartLaunchEndpoints.CallbackAsync);
        smart.MapGet("/app", SmartAppEndpoints.ShowAsync);
        smart.MapPost("/app/attest", SmartAppEndpoints.AttestAsync).DisableAntiforgery(); // validated in the handler
        smart.MapGet("/app.css", (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.Text(SmartAppPage.Stylesheet, "text/css; charset=utf-8");
        });
        smart.MapGet("/.well-known/jwks.json", (SmartClientKey key, HttpContext context) =>
        {
            if (key.PublicJwks is not { } jwks) return Results.NotFound();
            context.Response.Headers.CacheControl = "public, max-age=300";
            return Results.Text(jwks, "application/json");
        });
        return endpoints;
    }
}
