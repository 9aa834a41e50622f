using System.Collections.Concurrent;
using CryoCdsHooks.Web.Persistence;

namespace CryoCdsHooks.Web.Tests.Persistence;

/// <summary>
/// One running service per provider, created on first use and shared by the tests of a class. Its callers are one
/// anonymous client sending corpora of hundreds of requests a minute, so the per-client rate limit is lifted
/// (RateLimitingTests test it).
/// </summary>
public sealed class ServicePerProvider : IAsyncDisposable
{
    private static readonly Dictionary<string, string> Unthrottled = new()
    {
        ["RateLimiting:PermitsPerMinute"] = "1000000",
    };

    private readonly ConcurrentDictionary<DatabaseProvider, Lazy<Task<ServiceOnDatabase>>> _services = new();

    public Task<ServiceOnDatabase> GetAsync(DatabaseProvider provider) =>
        _services
            .GetOrAdd(provider, p => new Lazy<Task<ServiceOnDatabase>>(() =>
                ServiceOnDatabase.StartAsync(p, Unthrottled)
            ))
            .Value;

    public async ValueTask DisposeAsync()
    {
        foreach (var service in _services.Values.Where(s => s.IsValueCreated))
        {
            await (await service.Value).DisposeAsync();
        }
    }
}
