using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using CryoCdsHooks.FhirAccess;
using CryoCdsHooks.PolicyEngine;
using CryoCdsHooks.Web.Discovery;
using CryoCdsHooks.Web.Hosting;
using CryoCdsHooks.Web.Persistence;
using CryoCdsHooks.Web.Security;
using CryoCdsHooks.Web.Telemetry;
using Microsoft.Extensions.Options;

namespace CryoCdsHooks.Web.Hooks;

public static class HookEndpoints
{
    public static IEndpointRouteBuilder MapHooks(this IEndpointRouteBuilder app)
    {
        app.MapPost("/cds-services/{id}", HandleAsync)
            .WithName("InvokeHook")
            .WithSummary("Invoke a CDS service (order-select or order-sign)")
            .Accepts<JsonObject>("application/json")
            .Produces<JsonObject>(StatusCodes.Status200OK)
            .Produces(StatusCodes.Status400BadRequest, contentType: OperationOutcomes.FhirJson)
            .Produces(StatusCodes.Status404NotFound, contentType: OperationOutcomes.FhirJson)
            .Produces(StatusCodes.Status409Conflict, contentType: OperationOutcomes.FhirJson)
            .Produces(StatusCodes.Status412PreconditionFailed, contentType: OperationOutcomes.FhirJson)
            .Produces(StatusCodes.Status413PayloadTooLarge, contentType: OperationOutcomes.FhirJson)
            .Produces(StatusCodes.Status415UnsupportedMediaType, contentType: OperationOutcomes.FhirJson)
            .WithTags("CDS Hooks");
        return app;
    }

    /// <summary>What one call produced: a response body, or the issues behind an error status.</summary>
    private sealed record HookOutcome(int Status, JsonObject? Body, IReadOnlyList<RequestIssue> Issues,
        IReadOnlyList<(OrderCoverageAnswer Answer, JsonObject Extension)> Assertions)
    {
        public static HookOutcome Failure(int status, params IReadOnlyList<RequestIssue> issues) => new(status, null, issues, []);
        public string ResponseJson => (Body ?? OperationOutcomes.ToOperationOutcome(Issues)).ToJsonString();
    }

    private static async Task<IResult> HandleAsync(
        string id, HttpContext http, JsonRequestBody body, HookRequestReader reader, IPatientRecordLoader loader,
        IPolicyEngine engine, AuditLog audit, TimeProvider time, IOptions<CdsServiceOptions> options,
        HookMetrics metrics, ILogger<HookRequest> logger, CancellationToken ct)
    {
        var service = CdsServiceCatalog.Find(id);
        if (service is null)
        {
            return OperationOutcomes.Error(http, StatusCodes.Status404NotFound, "Unknown service", "not-found",
                $"There is no CDS service '{id}'. See GET /cds-services.");
        }

        var started = Stopwatch.GetTimestamp();
        var (document, bodyError) = await body.ReadAsync(http, ct);
        using var _ = document;
        if (bodyError is not null) return bodyError;

        var outcome = await AnswerAsync(service, document!, http, reader, loader, engine, audit, time, options.Value, ct);
        var elapsed = Stopwatch.GetElapsedTime(started);
        await audit.RecordAsync(service.Id, document, outcome.Status, outcome.ResponseJson, elapsed, outcome.Assertions);
        HookLog.Answered(logger, service.Id, outcome.Status, outcome.Assertions.Count, elapsed.TotalMilliseconds);
        metrics.HookAnswered(service.Id, outcome.Status, elapsed, outcome.Assertions.Select(a => a.Answer));

        if (outcome.Body is not null) return Results.Content(outcome.ResponseJson, "application/json");
        var title = outcome.Status switch
        {
            StatusCodes.Status412PreconditionFailed => "Required data unavailable",
            StatusCodes.Status409Conflict => "Duplicate hookInstance",
            _ => "Invalid hook request",
        };
        return OperationOutcomes.Error(http, outcome.Status, title, outcome.Issues);
    }

    private static async Task<HookOutcome> AnswerAsync(
        CdsServiceDefinition service, JsonDocument document, HttpContext http, HookRequestReader reader,
        IPatientRecordLoader loader, IPolicyEngine engine, AuditLog audit, TimeProvider time, CdsServiceOptions options,
        CancellationToken ct)
    {
        var (request, issues) = reader.Read(document.RootElement, service);
        if (request is null) return HookOutcome.Failure(StatusCodes.Status400BadRequest, issues);
        if (await audit.WasAnsweredAsync(request.HookInstance, ct))
        {
            return HookOutcome.Failure(StatusCodes.Status409Conflict, new RequestIssue("duplicate", "hookInstance",
                "This hookInstance was already answered; every hook invocation needs a new hookInstance."));
        }

        PatientRecordLoadResult loaded;
        try
        {
            loaded = await loader.LoadAsync(new HookDataRequest(request.PatientId, request.EncounterId, request.Prefetch,
                request.FhirServer, request.AccessToken, ClientId: http.User.CdsClientId()), ct);
        }
        catch (InvalidPrefetchException e)
        {
            return HookOutcome.Failure(StatusCodes.Status400BadRequest, new RequestIssue("invalid", $"prefetch.{e.PrefetchKey}", e.Message));
        }
        catch (FhirServerNotAllowedException e)
        {
            return HookOutcome.Failure(StatusCodes.Status400BadRequest, new RequestIssue("security", "fhirServer",
                $"{e.Message} Send the data as prefetch, or ask the operator to add the server to FhirAccess:AllowedFhirServers."));
        }
        catch (PrefetchUnavailableException e)
        {
            return HookOutcome.Failure(StatusCodes.Status412PreconditionFailed, new RequestIssue("required", "prefetch",
                $"{e.Message}. Send these prefetch keys, or fhirServer and fhirAuthorization so the service can query them."));
        }

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        IReadOnlyList<CoverageDetermination> determinations;
        using (var evaluation = CryoTelemetry.ActivitySource.StartActivity("PolicyEngine.Evaluate"))
        {
            evaluation?.SetTag("cryo.orders", request.OrdersInScope.Count);
            determinations = engine.Evaluate(
                request.OrdersInScope.Select(o => o.Resource).ToList(),
                request.DraftOrders.Select(o => o.Resource).ToList(),
                loaded.Record, today);
        }
        var answers = HookAnswering.Answer(request, loaded, determinations, today);
        var links = new CardLinks(options.PolicyUrl, AbsoluteUrl(http, options.SmartLaunchUrl));
        var (body, assertions) = HookResponse.Compose(request, answers, options.InsurerName, links);
        return new HookOutcome(StatusCodes.Status200OK, body, [], assertions);
    }

    private static string AbsoluteUrl(HttpContext http, string url) =>
        // "/x" parses as an absolute file: URI on Unix, so check the scheme.
        Uri.TryCreate(url, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https" ? url : $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{url}";
}

internal static partial class HookLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Hook {ServiceId} answered {Status} with {Assertions} coverage assertions in {ElapsedMs:F1} ms")]
    public static partial void Answered(ILogger logger, string serviceId, int status, int assertions, double elapsedMs);
}
