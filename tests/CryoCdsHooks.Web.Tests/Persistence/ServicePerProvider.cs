using System.Collections.Concurrent;
using CryoCdsHooks.Web.Persistence;

namespace CryoCdsHooks.Web.Tests.Persistence;

/// <summary>One running service per provider, created on first use and shared by the tests of a class.</summary>
public sealed class ServicePerProvider : IAsyncDisposable
{
    private readonly ConcurrentDictionary<DatabaseProvider, Lazy<Task<ServiceOnDatabase>>> _services = new();

    public Task<ServiceOnDatabase> GetAsync(DatabaseProvider provider) =>
        _services
            .GetOrAdd(provider, p => new Lazy<Task<ServiceOnDatabase>>(() => ServiceOnDatabase.StartAsync(p)))
            .Value;

    public async ValueTask DisposeAsync()
    {
        foreach (var service in _services.Values.Where(s => s.IsValueCreated))
        {
            await (await service.Value).DisposeAsync();
        }
    }
}
