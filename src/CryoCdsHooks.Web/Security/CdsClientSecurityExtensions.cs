using CryoCdsHooks.FhirAccess;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace CryoCdsHooks.Web.Security;

/// <summary>Wiring of CDS client authentication and per-client rate limiting.</summary>
public static partial class CdsClientSecurityExtensions
{
    /// <summary>Name of both the authorization and the rate-limiting policy of the CDS endpoints.</summary>
    public const string Policy = "cds-client";

    public static IServiceCollection AddCdsClientSecurity(
        this IServiceCollection services,
        IConfiguration configuration
    )
    {
        services
            .AddOptions<CdsClientOptions>()
            .Bind(configuration.GetSection(CdsClientOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<CdsClientOptions>, InlineJwksConfiguration>();
        services.AddSingleton<IValidateOptions<CdsClientOptions>, CdsClientOptionsValidator>();
        services.AddSingleton<IPostConfigureOptions<FhirAccessOptions>, ClientFhirServersConfiguration>();
        services
            .AddOptions<CdsRateLimitOptions>()
            .Bind(configuration.GetSection(CdsRateLimitOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddSingleton<JwksCache>();
        services.AddSingleton<JtiReplayCache>();
        services.AddSingleton<SharedSecurityState>();
        services.AddSingleton<CdsClientTokenValidator>();
        // The body is buffered (ResponseContentRead) up to the cap: a larger one fails the fetch, unread beyond it.
        services
            .AddHttpClient(JwksCache.HttpClientName, (provider, client) =>
                client.MaxResponseContentBufferSize = provider
                    .GetRequiredService<IOptionsMonitor<CdsClientOptions>>()
                    .CurrentValue.MaxJwksBytes
            )
            // The jku/JwksUrl allowlist names exact URLs; following a redirect would fetch keys from anywhere.
            .ConfigurePrimaryHttpMessageHandler(() =>
                new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }
            );

        services
            .AddAuthentication(CdsClientAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, CdsClientAuthenticationHandler>(
                CdsClientAuthenticationHandler.SchemeName,
                null
            );
        services.AddSingleton<IAuthorizationHandler, CdsClientRequirementHandler>();
        services
            .AddAuthorizationBuilder()
            .AddPolicy(Policy, policy => policy.AddRequirements(new CdsClientRequirement()));
        services.AddRateLimiter(CdsClientRateLimiting.Configure);
        return services;
    }

    /// <summary>
    /// Authentication first (the rate limiter partitions by client), then the rate limiter (so floods of bad
    /// tokens are limited per IP), then authorization (which answers 401).
    /// </summary>
    public static WebApplication UseCdsClientSecurity(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<CdsClientOptions>>().Value;
        var logger = app
            .Services.GetRequiredService<ILoggerFactory>()
            .CreateLogger(typeof(CdsClientSecurityExtensions).Namespace!);
        if (!options.RequireAuthentication)
            AuthenticationOff(logger, app.Environment.EnvironmentName);
        else if (options.Clients.Count == 0)
            NoTrustedClients(logger);

        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }

    /// <summary>CDS endpoints: an authenticated client (unless authentication is off) within its rate limit.</summary>
    public static TBuilder RequireCdsClient<TBuilder>(this TBuilder endpoints)
        where TBuilder : IEndpointConventionBuilder =>
        endpoints.RequireAuthorization(Policy).RequireRateLimiting(Policy);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "CDS client authentication is OFF in environment {Environment}: anyone can call the CDS services. "
            + "Never use this with real patient data."
    )]
    private static partial void AuthenticationOff(ILogger logger, string environment);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "CDS client authentication is required but CdsClients:Clients is empty: every CDS call will get 401."
    )]
    private static partial void NoTrustedClients(ILogger logger);
}
