using System.Diagnostics;
using System.Text.Json;
using CryoCdsHooks.FhirAccess;
using CryoCdsHooks.PolicyEngine.Documentation;
using CryoCdsHooks.Web.Discovery;
using CryoCdsHooks.Web.Hosting;
using CryoCdsHooks.Web.Persistence;
using CryoCdsHooks.Web.Security;
using CryoCdsHooks.Web.Telemetry;
using Microsoft.Extensions.Options;

namespace CryoCdsHooks.Web.Hooks;

/// <summary>
/// Owns one hook call from arrival to answer: its one deadline, the hookInstance rule (one answer per client and
/// hookInstance; a retry waits for a running first call and gets its stored answer), the evaluation by
/// <see cref="HookPipeline"/>, the audit record and the call's log line and metrics. Endpoints only route to it.
/// </summary>
public sealed class HookCoordinator(
    JsonRequestBody body,
    HookPipeline pipeline,
    AuditLog audit,
    IOptions<CdsServiceOptions> options,
    HookMetrics metrics,
    ILogger<HookCoordinator> logger
)
{
    /// <summary>
    /// The client name of the warm-up's lookup: no token can carry it, so it never meets a real call.
    /// </summary>
    private const string WarmUpClient = "urn:cryo:warm-up";

    public async Task<IResult> InvokeAsync(string serviceId, HttpContext http, CancellationToken ct)
    {
        var service = CdsServiceCatalog.Find(serviceId);
        if (service is null)
            return OperationOutcomes.UnknownService(http, serviceId);

        // One budget from arrival: reading the body, waiting for a running retry, loading and evaluating spend it.
        using var deadline = pipeline.StartDeadline(ct);
        var started = Stopwatch.GetTimestamp();
        var (document, bodyError) = await body.ReadAsync(http, ct);
        using var _ = document;
        if (bodyError is not null)
            return bodyError;

        var clientId = http.User.CdsClientId();
        var call = AuditLog.Describe(service.ServiceId, clientId, document);
        var (outcome, stored) = await AnswerOnceAsync(service, call, document!, clientId, deadline, started, ct);
        if (stored is not null)
        {
            HookLog.Replayed(logger, service.ServiceId);
            return Results.Content(stored, "application/json");
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        HookLog.Answered(
            logger,
            service.ServiceId,
            outcome.Status,
            outcome.Assertions.Count,
            elapsed.TotalMilliseconds
        );
        metrics.HookAnswered(
            service.ServiceId,
            outcome.Status,
            elapsed,
            outcome.Assertions.Select(a => (a.Answer.Covered, a.Answer.Determination.Procedure.ToString()))
        );
        return ToResult(http, outcome);
    }

    /// <summary>
    /// The hookInstance lookup and the pipeline on a sample, nothing stored: JIT, Firely's model, terminology, the
    /// engine and EF Core's first query are paid for before the first EHR call. No deadline: a cold start may be
    /// slow, and an answer cut short would leave the engine cold.
    /// </summary>
    public async Task<int> WarmUpAsync(JsonDocument request, CancellationToken ct)
    {
        var lookup = await audit.BeginAsync(
            AuditLog.Describe(CdsServiceCatalog.OrderSign.ServiceId, WarmUpClient, request),
            ct
        );
        (lookup as HookCallState.Unanswered)?.Claim?.Dispose();
        using var unbounded = HookDeadline.Unbounded(ct);
        var outcome = await pipeline.AnswerAsync(
            CdsServiceCatalog.OrderSign,
            request.RootElement,
            clientId: null,
            "http://localhost",
            unbounded
        );
        return outcome.Status;
    }

    /// <summary>
    /// The answer this call gets: evaluated and recorded now, or (as JSON) the one stored for it first.
    /// </summary>
    private async Task<(HookOutcome Outcome, string? Stored)> AnswerOnceAsync(
        HookKind service,
        HookCall call,
        JsonDocument document,
        string? clientId,
        HookDeadline deadline,
        long started,
        CancellationToken ct
    )
    {
        var state = await audit.BeginAsync(call, ct);
        // A retry that found the first call still running waits for it, then asks again.
        while (state is HookCallState.InProgress running)
        {
            await running.Settled.WaitAsync(ct);
            state = await audit.BeginAsync(call, ct);
        }

        HookOutcome outcome;
        switch (state)
        {
            case HookCallState.AlreadyAnswered answered:
                return (HookOutcome.DuplicateHookInstance(), answered.ResponseJson);
            case HookCallState.Unanswered { Claim: var claim }:
                using (claim)
                {
                    outcome = await pipeline.AnswerAsync(
                        service,
                        document.RootElement,
                        clientId,
                        options.Value.PublicBaseUrl,
                        deadline
                    );
                    state = await audit.RecordAsync(
                        call,
                        claim,
                        outcome.Status,
                        outcome.ResponseJson,
                        Stopwatch.GetElapsedTime(started),
                        AssertionRecords(outcome),
                        outcome.DataUse?.ToRecord(),
                        outcome.DataNotes
                    );
                }
                break;
            default:
                outcome = HookOutcome.DuplicateHookInstance();
                break;
        }

        // Lost a race against another replica: the answer stored first is the one every retry gets.
        if (state is HookCallState.AlreadyAnswered stored)
            return (outcome, stored.ResponseJson);
        if (state is HookCallState.Conflicting)
        {
            outcome = HookOutcome.DuplicateHookInstance();
            await audit.RecordAsync(
                call,
                null,
                outcome.Status,
                outcome.ResponseJson,
                Stopwatch.GetElapsedTime(started),
                []
            );
        }
        return (outcome, null);
    }

    private static IResult ToResult(HttpContext http, HookOutcome outcome)
    {
        if (outcome.Body is not null)
            return Results.Content(outcome.ResponseJson, "application/json");
        var title = outcome.Status switch
        {
            StatusCodes.Status412PreconditionFailed => "Required data unavailable",
            StatusCodes.Status409Conflict => "Duplicate hookInstance",
            _ => "Invalid hook request",
        };
        return OperationOutcomes.Error(http, outcome.Status, title, outcome.Issues);
    }

    private static List<AssertionRecord> AssertionRecords(HookOutcome outcome) =>
        outcome
            .Assertions.Select(a => new AssertionRecord(
                a.Answer.CoverageAssertionId,
                a.Answer.Order.Reference,
                a.Answer.Covered,
                a.Answer.PaNeeded,
                a.Answer.ReasonText,
                a.Extension.ToJsonString(),
                a.Answer.Basis == AnswerBasis.Policy
                    ? DocumentationQuestionnaires.IdFor(a.Answer.Determination.Procedure)
                    : null,
                [.. a.Answer.Determination.Missing.Select(m => m.Code)],
                a.Answer.PatientId,
                a.Answer.DecisionBasis is { } basis ? FhirJson.Serialize(basis.ToParameters()) : null
            ))
            .ToList();
}
