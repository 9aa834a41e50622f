namespace CryoCdsHooks.Web.Tests;

/// <summary>One in-memory service shared by the tests of a class.</summary>
public sealed class CdsServiceFactoryFixture : IAsyncLifetime
{
    public CdsServiceFactory Factory { get; } = new();
    public HttpClient Client { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Client = Factory.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}
