using System.Collections.Concurrent;
using CryoCdsHooks.Web.Persistence;
using CryoCdsHooks.Web.Tests.Persistence;
using static CryoCdsHooks.Web.Tests.Security.SecuredServiceFixture;

namespace CryoCdsHooks.Web.Tests.Security;

/// <summary>
/// The service with authentication on and two trusted clients (ES384 and RS384 keys given inline, as in
/// <see cref="SecuredServiceFixture"/>), once per database provider, created on first use: client separation must
/// hold on SQLite and on PostgreSQL alike.
/// </summary>
public sealed class SecuredServicePerProvider : IAsyncDisposable
{
    private readonly ConcurrentDictionary<DatabaseProvider, Lazy<Task<(TestDatabase, CdsServiceFactory)>>> _services =
        new();

    public TestSigningKey EsKey { get; } = new("ES384");
    public TestSigningKey RsKey { get; } = new("RS384");

    public async Task<CdsServiceFactory> GetAsync(DatabaseProvider provider) =>
        (await _services.GetOrAdd(provider, p => new(() => StartAsync(p))).Value).Item2;

    private async Task<(TestDatabase, CdsServiceFactory)> StartAsync(DatabaseProvider provider)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var factory = database.CreateService();
        Trust(factory, 0, EsIssuer).With("CdsClients:Clients:0:Jwks", TestSigningKey.Jwks(EsKey));
        Trust(factory, 1, RsIssuer).With("CdsClients:Clients:1:Jwks", TestSigningKey.Jwks(RsKey));
        return (database, factory);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var service in _services.Values.Where(s => s.IsValueCreated))
        {
            var (database, factory) = await service.Value;
            await factory.DisposeAsync();
            await database.DisposeAsync();
        }
    }
}
