using System.Diagnostics;
using System.Text.Json.Nodes;
using CryoCdsHooks.FhirAccess;
using CryoCdsHooks.PolicyEngine;
using CryoCdsHooks.PolicyEngine.Terminology;
using CryoCdsHooks.PolicyEngine.Versions;
using CryoCdsHooks.Web.Discovery;
using CryoCdsHooks.Web.Hooks.Wire;
using CryoCdsHooks.Web.Hosting;
using CryoCdsHooks.Web.Persistence;
using CryoCdsHooks.Web.Security;
using CryoCdsHooks.Web.Telemetry;
using Microsoft.Extensions.Options;

namespace CryoCdsHooks.Web.Hooks;

public static class HookEndpoints
{
    /// <summary>The policy engine, the FHIR data access and the pipeline from a hook request to its answer.</summary>
    public static IServiceCollection AddHooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PayerOptions>()
            .Bind(configuration.GetSection(PayerOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(sp => new PayerIdentity(sp.GetRequiredService<IOptions<PayerOptions>>().Value));
        services.AddSingleton(PolicyTerminology.Instance);
        services.AddSingleton<IPolicyEngine>(sp => VersionedPolicyEngine.Policy260(sp.GetRequiredService<PolicyTerminology>()));
        services.AddSingleton<OrderSelectReuse>();
        services.AddSingleton(sp => new PrefetchTemplateCatalog(sp.GetRequiredService<PolicyTerminology>().ObservationCodes()));
        services.AddFhirAccess(configuration);
        services.AddSingleton<HookRequestReader>();
        services.AddScoped<HookPipeline>();
        return services;
    }

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
        IOptions<CdsServiceOptions> options, HookMetrics metrics, ILogger<HookRequest> logger, CancellationToken ct)
    {
        var service = CdsServiceCatalog.Find(id);
        if (service is null) return OperationOutcomes.UnknownService(http, id);

        // One budget from arrival: reading the body, waiting for a running retry, loading and evaluating spend it.
        using var deadline = pipeline.StartDeadline(ct);
        var started = Stopwatch.GetTimestamp();
        var (document, bodyError) = await body.ReadAsync(http, ct);
        using var _ = document;
        if (bodyError is not null) return bodyError;

        var call = AuditLog.Describe(service.Id, http.User.CdsClientId(), document);
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
                HookLog.Replayed(logger, service.Id);
                return Results.Content(answered.ResponseJson, "application/json");
            case HookCallState.Unanswered { Claim: var claim }:
                using (claim)
                {
                    outcome = await pipeline.AnswerAsync(service, document!.RootElement, http.User.CdsClientId(), options.Value.PublicBaseUrl, deadline);
                    state = await audit.RecordAsync(call, claim, outcome.Status, outcome.ResponseJson,
                        Stopwatch.GetElapsedTime(started), AssertionRecords(outcome), outcome.DataUse?.ToRecord(), outcome.DataNotes);
                }
                break;
            default:
                outcome = HookOutcome.DuplicateHookInstance();
                break;
        }

        // Lost a race against another replica: the answer stored first is the one every retry gets.
        if (state is HookCallState.AlreadyAnswered stored) return Results.Content(stored.ResponseJson, "application/json");
        if (state is HookCallState.Conflicting)
        {
            outcome = HookOutcome.DuplicateHookInstance();
            await audit.RecordAsync(call, null, outcome.Status, outcome.ResponseJson, Stopwatch.GetElapsedTime(started), []);
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        HookLog.Answered(logger, service.Id, outcome.Status, outcome.Assertions.Count, elapsed.TotalMilliseconds);
        metrics.HookAnswered(service.Id, outcome.Status, elapsed,
            outcome.Assertions.Select(a => (a.Answer.Covered, a.Answer.Determination.Procedure.ToString())));

        if (outcome.Body is not null) return Results.Content(outcome.ResponseJson, "application/json");
        var title = outcome.Status switch
        {
            StatusCodes.Status412PreconditionFailed => "Required data unavailable",
            StatusCodes.Status409Conflict => "Duplicate hookInstance",
            _ => "Invalid hook request",
        };
        return OperationOutcomes.Error(http, outcome.Status, title, outcome.Issues);
    }

    private static List<AssertionRecord> AssertionRecords(HookOutcome outcome) =>
        outcome.Assertions.Select(a => new AssertionRecord(a.Answer.CoverageAssertionId, a.Answer.Order.Reference,
            a.Answer.Covered, a.Answer.PaNeeded, a.Answer.ReasonText, a.Extension.ToJsonString())).ToList();
}
