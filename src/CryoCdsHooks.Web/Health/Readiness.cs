using CryoCdsHooks.PolicyEngine;
using CryoCdsHooks.Web.Persistence;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Task = System.Threading.Tasks.Task;

namespace CryoCdsHooks.Web.Health;

/// <summary>Set once the FHIR model, terminology and engine have been exercised, so the first hook is not slow.</summary>
public sealed class WarmupState
{
    private volatile bool _ready;
    public bool IsReady => _ready;
    public void MarkReady() => _ready = true;
}

/// <summary>
/// Migrates the audit database before the server listens (a hook must never be answered without being
/// recorded), then warms the engine in the background and flips readiness.
/// </summary>
public sealed partial class Warmup(IServiceProvider services, WarmupState state, ILogger<Warmup> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await AuditDatabase.MigrateAsync(services, cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(() =>
    {
        var engine = services.GetRequiredService<IPolicyEngine>();
        var probe = new ServiceRequest
        {
            Id = "warmup",
            Status = RequestStatus.Draft,
            Intent = RequestIntent.Order,
            Code = new CodeableConcept("http://www.ama-assn.org/go/cpt", "50593"),
        };
        engine.Evaluate([probe], [probe], new PatientRecord(), DateOnly.FromDateTime(DateTime.UnixEpoch));
        state.MarkReady();
        Ready(logger);
    }, stoppingToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "FHIR model, terminology and policy engine are warm; ready for hooks")]
    private static partial void Ready(ILogger logger);
}

public sealed class WarmupHealthCheck(WarmupState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.IsReady ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("warming up"));
}
