using CryoCdsHooks.Web.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CryoCdsHooks.Web.Tests;

/// <summary>The real service in memory, with its own SQLite file and any configuration overrides.</summary>
public sealed class CdsServiceFactory : WebApplicationFactory<Program>
{
    private readonly string _databasePath = Path.Combine(
        Path.GetTempPath(),
        $"cryocdshooks-test-{Guid.NewGuid():N}.db"
    );
    private readonly Dictionary<string, string?> _settings = new();

    public CdsServiceFactory With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Audit", $"Data Source={_databasePath}");
        builder.UseSetting("FhirAccess:AllowLoopback", "true");
        // TestServer's requests arrive at http://localhost; client token audiences are built from this.
        builder.UseSetting("CdsService:PublicBaseUrl", "http://localhost");
        // Existing tests call anonymously; the security tests turn authentication on with With(...).
        builder.UseSetting("CdsClients:RequireAuthentication", "false");
        // Required configuration (never the Host header); TestServer's own address.
        builder.UseSetting("Smart:RedirectUri", "http://localhost/smart/callback");
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
    }

    /// <summary>Runs a query against the service's audit database.</summary>
    public async Task<T> QueryAuditAsync<T>(Func<AuditDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuditDbContext>();
        return await query(db);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _databasePath, _databasePath + "-wal", _databasePath + "-shm" })
            File.Delete(file);
    }
}
