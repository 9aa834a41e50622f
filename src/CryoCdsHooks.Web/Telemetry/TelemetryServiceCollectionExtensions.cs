using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CryoCdsHooks.Web.Telemetry;

public static class TelemetryServiceCollectionExtensions
{
    /// <summary>
    /// Hook metrics always (instruments cost nothing without a listener); the OpenTelemetry SDK with traces,
    /// metrics and logs exported over OTLP only when <c>OpenTelemetry:OtlpEndpoint</c> is set.
    /// </summary>
    public static IServiceCollection AddCryoTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(TelemetryOptions.Section);
        services.AddOptions<TelemetryOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<HookMetrics>();

        var telemetry = section.Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (telemetry.OtlpEndpoint is null)
            return services;

        services
            .AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(telemetry.ServiceName))
            .WithTracing(tracing =>
                tracing
                    .AddSource(CryoTelemetry.Name)
                    .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = IsNotHealthProbe)
                    .AddHttpClientInstrumentation()
                    .AddProcessor<OutgoingUrlRedaction>()
            )
            .WithMetrics(metrics =>
                metrics.AddMeter(CryoTelemetry.Name).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation()
            )
            .WithLogging()
            .UseOtlpExporter(telemetry.OtlpProtocol, telemetry.OtlpEndpoint);
        return services;
    }

    private static bool IsNotHealthProbe(HttpContext http) =>
        !http.Request.Path.StartsWithSegments("/healthz") && !http.Request.Path.StartsWithSegments("/readyz");
}
