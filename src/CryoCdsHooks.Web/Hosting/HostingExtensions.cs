using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace CryoCdsHooks.Web.Hosting;

/// <summary>
/// What every endpoint shares: the service's options, the request-body reader, request-size limits answered with
/// an OperationOutcome, and an OperationOutcome for every error the framework itself produces (404, 405, ...).
/// </summary>
public static class HostingExtensions
{
    public static IServiceCollection AddCdsHosting(this IServiceCollection services, IConfiguration configuration)
    {
        services
            .AddOptions<CdsServiceOptions>()
            .Bind(configuration.GetSection(CdsServiceOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<CdsServiceOptions>, CdsServiceOptionsValidator>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<JsonRequestBody>();
        services.AddCors();
        services.Configure<KestrelServerOptions>(kestrel =>
            BindLimits(configuration.GetSection("Kestrel:Limits"), kestrel.Limits)
        );
        return services;
    }

    /// <summary>
    /// Kestrel:Limits from configuration (appsettings.json sets each deliberately; docs/operations.md). Bound here
    /// so they apply to every server; the data rates have no setters for the binder and are built explicitly.
    /// </summary>
    private static void BindLimits(IConfigurationSection section, KestrelServerLimits limits)
    {
        section.Bind(limits);
        limits.MinRequestBodyDataRate = DataRate(section.GetSection(nameof(limits.MinRequestBodyDataRate)))
            ?? limits.MinRequestBodyDataRate;
        limits.MinResponseDataRate = DataRate(section.GetSection(nameof(limits.MinResponseDataRate)))
            ?? limits.MinResponseDataRate;
    }

    private static MinDataRate? DataRate(IConfigurationSection section) =>
        section.GetValue<double?>(nameof(MinDataRate.BytesPerSecond)) is { } bytesPerSecond
            ? new MinDataRate(
                bytesPerSecond,
                section.GetValue(nameof(MinDataRate.GracePeriod), TimeSpan.FromSeconds(5))
            )
            : null;

    /// <summary>CORS for browser-based CDS clients (the CDS Hooks sandbox), when origins are configured.</summary>
    public static WebApplication UseCdsCors(this WebApplication app)
    {
        var origins = app.Services.GetRequiredService<IOptions<CdsServiceOptions>>().Value.CorsAllowedOrigins;
        if (origins.Length > 0)
        {
            app.UseCors(cors =>
                cors.WithOrigins(origins)
                    .WithMethods("GET", "POST", "OPTIONS")
                    .WithHeaders("Authorization", "Content-Type", "Accept")
            );
        }
        return app;
    }

    /// <summary>First in the pipeline, so that every later error, the framework's included, gets a body.</summary>
    public static WebApplication UseCdsHosting(this WebApplication app)
    {
        app.UseStatusCodePages(ErrorBodyAsync);
        app.Use(RequestSizeLimits);
        return app;
    }

    /// <summary>
    /// Our limits on the request target and headers, below Kestrel's own (which answer with an empty body):
    /// a request over ours gets 414 or 431 with an OperationOutcome; a query that is not <see cref="StorableText"/>
    /// gets 400.
    /// </summary>
    private static Task RequestSizeLimits(HttpContext http, RequestDelegate next)
    {
        var options = http.RequestServices.GetRequiredService<IOptions<CdsServiceOptions>>().Value;
        var request = http.Request;
        if (request.Path.Value?.Length + request.QueryString.Value?.Length > options.MaxRequestTargetChars)
        {
            return OperationOutcomes
                .Error(
                    http,
                    StatusCodes.Status414RequestUriTooLong,
                    "Request URI too long",
                    "too-long",
                    $"The request path and query exceed {options.MaxRequestTargetChars} characters."
                )
                .ExecuteAsync(http);
        }
        var headerBytes = 0L;
        foreach (var (name, values) in request.Headers)
        {
            headerBytes += name.Length + 4;
            foreach (var value in values)
                headerBytes += value?.Length ?? 0;
        }
        if (headerBytes > options.MaxRequestHeaderBytes)
        {
            return OperationOutcomes
                .Error(
                    http,
                    StatusCodes.Status431RequestHeaderFieldsTooLarge,
                    "Request headers too large",
                    "too-long",
                    $"The request headers exceed {options.MaxRequestHeaderBytes} bytes."
                )
                .ExecuteAsync(http);
        }
        // Query values become parameters, and some reach the database. (A path with %00 never gets here: the
        // server's URL decoder refuses it, and UTF-8 decoding yields no lone surrogate.)
        if (request.Query.Any(q => !StorableText.IsStorable(q.Key) || q.Value.Any(v => !StorableText.IsStorable(v))))
        {
            return OperationOutcomes
                .Error(
                    http,
                    StatusCodes.Status400BadRequest,
                    "Invalid text",
                    "invalid",
                    $"The query holds {StorableText.Refused} once decoded."
                )
                .ExecuteAsync(http);
        }
        return next(http);
    }

    /// <summary>
    /// An error status set without a body (unknown route, wrong method, ...) gets an OperationOutcome.
    /// </summary>
    private static Task ErrorBodyAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var status = http.Response.StatusCode;
        var (title, code) = status switch
        {
            StatusCodes.Status404NotFound => ("Not found", "not-found"),
            StatusCodes.Status405MethodNotAllowed => ("Method not allowed", "not-supported"),
            StatusCodes.Status415UnsupportedMediaType => ("Unsupported media type", "not-supported"),
            _ => ("Request refused", status < 500 ? "invalid" : "exception"),
        };
        var message =
            status == StatusCodes.Status405MethodNotAllowed
                ? $"{http.Request.Method} is not allowed here; allowed: {http.Response.Headers.Allow}."
                : $"The request was refused with HTTP {status}.";
        return OperationOutcomes.Error(http, status, title, code, message).ExecuteAsync(http);
    }
}
