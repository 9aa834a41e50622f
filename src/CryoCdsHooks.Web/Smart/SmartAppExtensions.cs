using System.Net;
using CryoCdsHooks.Web.Persistence;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace CryoCdsHooks.Web.Smart;

/// <summary>Wiring of the SMART app launched from coverage cards (<c>/smart/*</c>).</summary>
public static class SmartAppExtensions
{
    /// <summary>Options (section <c>Smart</c>, validated at start), session store, OAuth and FHIR clients.</summary>
    public static IServiceCollection AddSmartApp(this IServiceCollection services, IConfiguration configuration)
    {
        services
            .AddOptions<SmartOptions>()
            .Bind(configuration.GetSection(SmartOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<SmartOptions>, SmartOptionsValidator>();

        // One key ring for every replica, in the audit database: launch state, sessions and antiforgery tokens
        // protected by one replica are read by any other.
        services.AddDataProtection().SetApplicationName("CryoCdsHooks").PersistKeysToDbContext<AuditDbContext>();
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie = new SmartCookies.AntiforgeryCookie
            {
                Name = "cryo_smart_af",
                Path = "/smart",
                HttpOnly = true,
                IsEssential = true,
            };
            // The page's CSP frame-ancestors decides who may frame it; X-Frame-Options: SAMEORIGIN would forbid the
            // EHR.
            antiforgery.SuppressXFrameOptionsHeader = true;
        });
        // Antiforgery tokens carry the SMART session they were issued to: a pair from one session fails with another's
        // cookie.
        services.AddSingleton<IAntiforgeryAdditionalDataProvider, SmartSessionAntiforgeryBinding>();
        services.AddSingleton<SmartServerPolicy>();
        services.AddSingleton<SmartClientKey>();
        services.AddSingleton<SmartLaunchLimits>();
        services.AddSingleton<SmartConfigurationCache>();
        services.AddScoped<SmartSessionStore>();
        services.AddSingleton<SmartAuthorizationClient>();
        services.AddSingleton<SmartFhirClient>();
        services.AddSingleton<SmartQuestionnaires>();
        services.AddScoped<SmartOrderReview>();

        AddBoundedHttpClient(services, SmartAuthorizationClient.HttpClientName, options =>
            options.MaxAuthorizationResponseBytes
        );
        AddBoundedHttpClient(services, SmartFhirClient.HttpClientName, options => options.MaxFhirResponseBytes);
        return services;
    }

    /// <summary>
    /// Every outbound call of the app has a deadline (<see cref="SmartOptions.HttpTimeout"/>, body included) and a
    /// size cap: the body is buffered (the default <c>ResponseContentRead</c>) up to <paramref name="maxBytes"/>, after
    /// decompression; a larger one, declared or streamed, fails the call with an HttpRequestException, unread beyond
    /// it.
    /// </summary>
    private static void AddBoundedHttpClient(
        IServiceCollection services,
        string name,
        Func<SmartOptions, int> maxBytes
    ) =>
        services
            .AddHttpClient(name, (provider, client) =>
            {
                var options = provider.GetRequiredService<IOptionsMonitor<SmartOptions>>().CurrentValue;
                client.Timeout = options.HttpTimeout;
                client.MaxResponseContentBufferSize = maxBytes(options);
            })
            .ConfigurePrimaryHttpMessageHandler(() =>
                new SocketsHttpHandler
                {
                    // A redirect could carry the code or the bearer token to another host.
                    AllowAutoRedirect = false,
                    UseCookies = false,
                    AutomaticDecompression = DecompressionMethods.All,
                }
            )
            // Default request logs print URLs, which hold patient and order ids.
            .RemoveAllLoggers();

    /// <summary>
    /// <c>GET /smart/launch</c>, <c>GET /smart/callback</c>, <c>GET /smart/app</c>, <c>POST /smart/app/answers</c>,
    /// <c>GET /smart/app.css</c> and <c>GET /smart/.well-known/jwks.json</c>. These are browser routes: no CDS client
    /// JWT.
    /// </summary>
    public static IEndpointRouteBuilder MapSmartApp(this IEndpointRouteBuilder endpoints)
    {
        var smart = endpoints.MapGroup("/smart").ExcludeFromDescription();
        smart.MapGet("/launch", SmartLaunchEndpoints.LaunchAsync);
        smart.MapGet("/callback", SmartLaunchEndpoints.CallbackAsync);
        smart.MapGet("/app", SmartAppEndpoints.ShowAsync);
        smart.MapPost("/app/answers", SmartAppEndpoints.AnswerAsync).DisableAntiforgery(); // validated in the handler
        smart.MapGet("/app.css", (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.Text(SmartAppStylesheet.Css, "text/css; charset=utf-8");
        });
        smart.MapGet("/.well-known/jwks.json", (SmartClientKey key, HttpContext context) =>
        {
            if (key.PublicJwks is not { } jwks)
                return Results.NotFound();
            context.Response.Headers.CacheControl = "public, max-age=300";
            return Results.Text(jwks, "application/json");
        });
        return endpoints;
    }
}
