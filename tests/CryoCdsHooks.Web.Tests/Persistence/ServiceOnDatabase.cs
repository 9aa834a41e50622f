using CryoCdsHooks.Web.Persistence;

namespace CryoCdsHooks.Web.Tests.Persistence;

public sealed class ServiceOnDatabase : IAsyncDisposable
{
    private ServiceOnDatabase(TestDatabase database)
    {
        Database = database;
        Factory = database.CreateService();
        Client = Factory.CreateClient();
    }

    public TestDatabase Database { get; }
    public CdsServiceFactory Factory { get; }
    public HttpClient Client { get; }

    public static async Task<ServiceOnDatabase> StartAsync(DatabaseProvider provider) =>
        new(await TestDatabase.CreateAsync(provider));

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Database.DisposeAsync();
    }
}
