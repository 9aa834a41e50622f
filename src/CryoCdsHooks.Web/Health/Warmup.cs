using System.Text.Json;
using CryoCdsHooks.Web.Hooks;
using CryoCdsHooks.Web.Persistence;
using Task = System.Threading.Tasks.Task;

namespace CryoCdsHooks.Web.Health;

/// <summary>
/// Migrates the audit database before the server listens (a hook must never be answered without being
/// recorded), then answers a sample hook in the background and flips readiness.
/// </summary>
public sealed partial class Warmup(IServiceProvider services, WarmupState state, ILogger<Warmup> logger)
    : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await AuditDatabase.MigrateAsync(services, cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var scope = services.CreateAsyncScope();
        await using var sample = typeof(Warmup).Assembly.GetManifestResourceStream(
            "CryoCdsHooks.Web.WarmupHookRequest.json"
        ) ?? throw new InvalidOperationException("The warm-up hook request is not embedded.");
        using var request = await JsonDocument.ParseAsync(sample, cancellationToken: stoppingToken);
        var status = await scope
            .ServiceProvider.GetRequiredService<HookCoordinator>()
            .WarmUpAsync(request, stoppingToken);
        if (status != StatusCodes.Status200OK)
        {
            throw new InvalidOperationException($"The warm-up hook was answered {status}.");
        }
        state.MarkReady();
        Ready(logger);
    }

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "A sample hook was answered: the service is warm and ready for hooks"
    )]
    private static partial void Ready(ILogger logger);
}
