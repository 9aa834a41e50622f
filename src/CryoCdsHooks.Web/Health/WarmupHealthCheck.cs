using Microsoft.Extensions.Diagnostics.HealthChecks;
using Task = System.Threading.Tasks.Task;

namespace CryoCdsHooks.Web.Health;

public sealed class WarmupHealthCheck(WarmupState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context,
        CancellationToken cancellationToken = default
    ) => Task.FromResult(state.IsReady ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("warming up"));
}
