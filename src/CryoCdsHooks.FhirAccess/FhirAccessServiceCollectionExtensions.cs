using System.Net;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace CryoCdsHooks.FhirAccess;

public static class FhirAccessServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IPatientRecordLoader"/>, <see cref="PrefetchTemplateCatalog"/> and the resilient FHIR
    /// server HTTP client, with <see cref="FhirAccessOptions"/> bound from the <c>FhirAccess</c> section of
    /// <paramref name="configuration"/> and validated at startup.
    /// </summary>
    /// <param name="observationCodes">
    /// The Observation codes the policy reads, for the <c>observations</c> prefetch template (e.g. from the
    /// engine's terminology catalog). Without it the template requests all of the patient's Observations.
    /// </param>
    public static IServiceCollection AddFhirAccess(
        this IServiceCollection services,
        IConfiguration configuration,
        Func<IServiceProvider, IEnumerable<Coding>>? observationCodes = null
    )
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services
            .AddOptions<FhirAccessOptions>()
            .Bind(configuration.GetSection(FhirAccessOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<FhirAccessOptions>, FhirAccessOptionsValidator>()
        );

        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<FhirAccessMetrics>();
        services.TryAddSingleton(provider => new PrefetchTemplateCatalog(observationCodes?.Invoke(provider) ?? []));
        services.TryAddSingleton<FhirServerAllowlist>();
        services.TryAddSingleton<FhirServerFetcher>();
        services.TryAddSingleton<ReferenceReads>();
        services.TryAddSingleton<IPatientRecordLoader, PatientRecordLoader>();

        services
            .AddHttpClient(FhirServerFetcher.HttpClientName, client =>
            {
                // The hook deadline and per-attempt timeout bound every call; HttpClient's own 100 s would only
                // mislead.
                // Bodies are read as they stream, capped by BoundedResponseBody (FhirAccess:MaxPageBytes), not buffered
                // here.
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .ConfigurePrimaryHttpMessageHandler(() =>
                new SocketsHttpHandler
                {
                    // A redirect could carry the bearer token to another host: treat 3xx as an error instead.
                    AllowAutoRedirect = false,
                    UseCookies = false,
                    AutomaticDecompression = DecompressionMethods.All,
                }
            )
            // The factory's default request logs print the URL, which holds the patient id; FhirAccessLog replaces
            // them.
            .RemoveAllLoggers()
            .AddResilienceHandler("fhir-server", ConfigureResiliencePipeline)
            // One pipeline, hence one circuit breaker, per FHIR server authority: a failing EHR does not trip others.
            .SelectPipelineByAuthority();

        return services;
    }

    private static void ConfigureResiliencePipeline(
        ResiliencePipelineBuilder<HttpResponseMessage> builder,
        ResilienceHandlerContext context
    )
    {
        var options = context.ServiceProvider.GetRequiredService<IOptionsMonitor<FhirAccessOptions>>().CurrentValue;
        var logger = context.ServiceProvider.GetRequiredService<ILogger<FhirServerFetcher>>();

        if (options.MaxRetries > 0)
        {
            // Default predicate: 5xx, 408, 429, connection errors and attempt timeouts; 401/403 are never retried.
            var retry = new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldRetryAfterHeader = true,
                OnRetry = arguments =>
                {
                    var request = arguments.Context.GetRequestMessage();
                    var key =
                        request is not null
                        && request.Options.TryGetValue(FhirServerFetcher.PrefetchKeyOption, out var prefetchKey)
                            ? prefetchKey
                            : "?";
                    var outcome = arguments.Outcome.Result is { } response
                        ? $"HTTP {(int)response.StatusCode}"
                        : arguments.Outcome.Exception?.GetType().Name ?? "unknown";
                    FhirAccessLog.FetchRetrying(
                        logger,
                        key,
                        request?.RequestUri?.Authority ?? "?",
                        arguments.AttemptNumber + 1,
                        outcome,
                        arguments.RetryDelay
                    );
                    return default;
                },
            };
            retry.DisableForUnsafeHttpMethods();
            builder.AddRetry(retry);
        }

        // Opens when half of a server's calls over 30 s fail, so hooks stop waiting on an EHR that is down.
        builder.AddCircuitBreaker(
            new HttpCircuitBreakerStrategyOptions
            {
                FailureRatio = 0.5,
                MinimumThroughput = 20,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = TimeSpan.FromSeconds(5),
            }
        );

        builder.AddTimeout(options.AttemptTimeout);
    }
}
