using CryoCdsHooks.Web.Persistence;

namespace CryoCdsHooks.Web.Tests.Persistence;

public sealed class ServiceOnDatabase : IAsyncDisposable
{
    private ServiceOnDatabase(TestDatabase database, IReadOnlyDictionary<string, string> settings)
    {
        Database = database;
        Factory = database.CreateService();
        foreach (var (key, value) in settings)
            Factory.With(key, value);
        Client = Factory.CreateClient();
    }

    public TestDatabase Database { get; }
    public CdsServiceFactory Factory { get; }
    public HttpClient Client { get; }

    public static async Task<ServiceOnDatabase> StartAsync(
        DatabaseProvider provider,
        IReadOnlyDictionary<string, string>? settings = null
    ) => new(await TestDatabase.CreateAsync(provider), settings ?? new Dictionary<string, string>());

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Database.DisposeAsync();
    }
}
