using System.Net;
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

        services.AddMemoryCache();
        services.AddAntiforgery();
        services.AddSingleton<SmartServerPolicy>();
        services.AddSingleton<SmartSessionStore>();
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
    /// <c>GET /smart/launch</c>, <c>GET /smart/callback</c>, <c>GET /smart/app</c>, <c>POST /smart/app/attest</c>
    /// and <c>GET /smart/app.css</c>. These are browser routes: no CDS client JWT.
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
        return endpoints;
    }
}
