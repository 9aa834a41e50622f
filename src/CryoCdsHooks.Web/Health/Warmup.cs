using System.Text.Json;
using CryoCdsHooks.FhirAccess;
using CryoCdsHooks.Web.Discovery;
using CryoCdsHooks.Web.Hooks;
using CryoCdsHooks.Web.Persistence;
using Task = System.Threading.Tasks.Task;

namespace CryoCdsHooks.Web.Health;

/// <summary>
/// Migrates the audit database before the server listens (a hook must never be answered without being
/// recorded), then answers a sample hook in the background and flips readiness.
/// </summary>
public sealed partial class Warmup(IServiceProvider services, WarmupState state, ILogger<Warmup> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await AuditDatabase.MigrateAsync(services, cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The real pipeline on a sample (prefetch only, nothing stored): JIT, Firely's model, terminology, the
        // engine and EF Core's first query are all paid for here instead of by the first EHR call.
        await using var scope = services.CreateAsyncScope();
        await using var sample = typeof(Warmup).Assembly.GetManifestResourceStream("CryoCdsHooks.Web.WarmupHookRequest.json")
            ?? throw new InvalidOperationException("The warm-up hook request is not embedded.");
        using var request = await JsonDocument.ParseAsync(sample, cancellationToken: stoppingToken);
        // The hookInstance lookup under a client name no token can carry: the query a real call makes first.
        var lookup = await scope.ServiceProvider.GetRequiredService<AuditLog>()
            .BeginAsync(AuditLog.Describe(CdsServiceCatalog.OrderSign.Id, "urn:cryo:warm-up", request), stoppingToken);
        (lookup as HookCallState.Unanswered)?.Claim?.Dispose();
        // No deadline: a cold start may be slow, and an answer cut short would leave the engine cold.
        using var unbounded = HookDeadline.Unbounded(stoppingToken);
        var outcome = await scope.ServiceProvider.GetRequiredService<HookPipeline>()
            .AnswerAsync(CdsServiceCatalog.OrderSign, request.RootElement, clientId: null, "http://localhost", unbounded);
        if (outcome.Status != StatusCodes.Status200OK)
        {
            throw new InvalidOperationException($"The warm-up hook was answered {outcome.Status}.");
        }
        state.MarkReady();
        Ready(logger);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "A sample hook was answered: the service is warm and ready for hooks")]
    private static partial void Ready(ILogger logger);
}
