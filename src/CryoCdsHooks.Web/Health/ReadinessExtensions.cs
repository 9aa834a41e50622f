using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace CryoCdsHooks.Web.Health;

/// <summary>Liveness (/healthz) and readiness (/readyz: migrated and warmed up).</summary>
public static class ReadinessExtensions
{
    public static IServiceCollection AddReadiness(this IServiceCollection services)
    {
        services.AddSingleton<WarmupState>();
        services.AddHostedService<Warmup>();
        services.AddHealthChecks().AddCheck<WarmupHealthCheck>("warmup", tags: ["ready"]);
        return services;
    }

    public static IEndpointRouteBuilder MapReadiness(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        return app;
    }
}
