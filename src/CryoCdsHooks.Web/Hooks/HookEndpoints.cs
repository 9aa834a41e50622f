using System.Diagnostics;
using System.Text.Json.Nodes;
using CryoCdsHooks.Web.Discovery;
using CryoCdsHooks.Web.Hooks.Wire;
using CryoCdsHooks.Web.Hosting;
using CryoCdsHooks.Web.Persistence;
using CryoCdsHooks.Web.Security;
using CryoCdsHooks.Web.Telemetry;
using Microsoft.EntityFrameworkCore;

namespace CryoCdsHooks.Web.Hooks;

public static class HookEndpoints
{
    public static IEndpointRouteBuilder MapHooks(this IEndpointRouteBuilder app)
    {
        app.MapPost("/cds-services/{id}", HandleAsync)
            .WithName("InvokeHook")
            .WithSummary("Invoke a CDS service (order-select or order-sign)")
            .Accepts<JsonObject>("application/json")
            .Produces<CdsResponse>(StatusCodes.Status200OK)
            .Produces(StatusCodes.Status400BadRequest, contentType: OperationOutcomes.FhirJson)
            .Produces(StatusCodes.Status404NotFound, contentType: OperationOutcomes.FhirJson)
            .Produces(StatusCodes.Status409Conflict, contentType: OperationOutcomes.FhirJson)
            .Produces(StatusCodes.Status412PreconditionFailed, contentType: OperationOutcomes.FhirJson)
            .Produces(StatusCodes.Status413PayloadTooLarge, contentType: OperationOutcomes.FhirJson)
            .Produces(StatusCodes.Status415UnsupportedMediaType, contentType: OperationOutcomes.FhirJson)
            .WithTags("CDS Hooks");
        return app;
    }

    private static async Task<IResult> HandleAsync(
        string id, HttpContext http, JsonRequestBody body, HookPipeline pipeline, AuditLog audit,
        HookMetrics metrics, ILogger<HookRequest> logger, CancellationToken ct)
    {
        var service = CdsServiceCatalog.Find(id);
        if (service is null) return OperationOutcomes.UnknownService(http, id);

        var started = Stopwatch.GetTimestamp();
        var (document, bodyError) = await body.ReadAsync(http, ct);
        using var _ = document;
        if (bodyError is not null) return bodyError;

        var baseUrl = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";
        var outcome = await pipeline.AnswerAsync(service, document!.RootElement, http.User.CdsClientId(), baseUrl, ct);
        var elapsed = Stopwatch.GetElapsedTime(started);
        try
        {
            await audit.RecordAsync(service.Id, document, outcome.Status, outcome.ResponseJson, elapsed, outcome.Assertions, outcome.DataUse);
        }
        catch (DbUpdateException) when (outcome.Status == StatusCodes.Status200OK)
        {
            // A simultaneous call (on this or another replica) answered the same hookInstance first and the unique
            // index kept only that one. Any other storage failure is not the client's fault: rethrow.
            var hookInstance = Guid.Parse(document.RootElement.GetProperty("hookInstance").GetString()!);
            if (!await audit.WasAnsweredAsync(hookInstance, ct)) throw;
            outcome = HookOutcome.DuplicateHookInstance();
            await audit.RecordAsync(service.Id, document, outcome.Status, outcome.ResponseJson, elapsed, outcome.Assertions, outcome.DataUse);
        }
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
}

internal static partial class HookLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Hook {ServiceId} answered {Status} with {Assertions} coverage assertions in {ElapsedMs:F1} ms")]
    public static partial void Answered(ILogger logger, string serviceId, int status, int assertions, double elapsedMs);
}
