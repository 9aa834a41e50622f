using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CryoCdsHooks.Benchmarks;

/// <summary>
/// The real service (its Program, middleware and SQLite audit) on Kestrel at 127.0.0.1 with a random port, so
/// requests cross a real loopback socket. Optional extra endpoints are mounted in front of the pipeline.
/// </summary>
internal sealed class CdsServiceHost : WebApplicationFactory<Program>
{
    private readonly string _databasePath = Path.Combine(
        Path.GetTempPath(),
        $"cryocdshooks-bench-{Guid.NewGuid():N}.db"
    );
    private readonly IStartupFilter? _extraEndpoints;

    public CdsServiceHost(IStartupFilter? extraEndpoints = null)
    {
        _extraEndpoints = extraEndpoints;
        // WebApplicationFactory finds the web project's content root via MvcTestingAppManifest.json in the working
        // directory; `dotnet run --project` starts in the caller's directory, not next to that file.
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Not Production (which refuses anonymous clients), and none of Development's extras.
        builder.UseEnvironment("Benchmark");
        builder.UseSetting("ConnectionStrings:Audit", $"Data Source={_databasePath}");
        builder.UseSetting("FhirAccess:AllowLoopback", "true");
        builder.UseSetting("CdsService:PublicBaseUrl", "http://localhost");
        builder.UseSetting("CdsClients:RequireAuthentication", "false");
        // One client makes every request; the per-client budget must not be what is measured.
        builder.UseSetting("RateLimiting:PermitsPerMinute", "1000000");
        // Per-request Information logs go to the console; keep the console for the results.
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        if (_extraEndpoints is not null)
            builder.ConfigureServices(services => services.AddSingleton(_extraEndpoints));
    }

    /// <summary>Starts Kestrel, waits for /readyz and returns the base address.</summary>
    public async Task<Uri> StartAsync(HttpClient client)
    {
        StartServer();
        var address = new Uri(
            Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()
        );
        var readyBy = DateTime.UtcNow.AddSeconds(60);
        while ((await client.GetAsync(new Uri(address, "/readyz"))).StatusCode != HttpStatusCode.OK)
        {
            if (DateTime.UtcNow > readyBy)
                throw new TimeoutException("The service did not become ready within 60 s.");
            await Task.Delay(100);
        }
        return address;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _databasePath, _databasePath + "-wal", _databasePath + "-shm" })
            File.Delete(file);
    }
}
