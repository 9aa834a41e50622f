using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using CryoCdsHooks.Web.Persistence;
using CryoCdsHooks.Web.Tests.Persistence;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CryoCdsHooks.Web.Tests.Hosting;

/// <summary>
/// Kestrel's limits are set deliberately (appsettings.json, Kestrel:Limits), and a slow client is let go.
/// </summary>
public sealed class ConnectionLimitTests
{
    [Fact]
    public async Task Kestrel_limits_come_from_configuration()
    {
        await using var factory = new CdsServiceFactory();

        var limits = factory.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits;

        Assert.Equal(TimeSpan.FromSeconds(10), limits.RequestHeadersTimeout);
        Assert.Equal(TimeSpan.FromMinutes(1), limits.KeepAliveTimeout);
        Assert.Equal(1000, limits.MaxConcurrentConnections);
        Assert.Equal(1024, limits.MinRequestBodyDataRate!.BytesPerSecond);
        Assert.Equal(TimeSpan.FromSeconds(5), limits.MinRequestBodyDataRate.GracePeriod);
        Assert.Equal(8L * 1024 * 1024, limits.MaxRequestBodySize);
    }

    [Fact]
    public async Task A_client_that_never_finishes_its_headers_is_disconnected_after_the_header_timeout()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var service = await ServiceProcess.StartAsync(
            database,
            new Dictionary<string, string> { ["Kestrel__Limits__RequestHeadersTimeout"] = "00:00:02" }
        );
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(service.Client.BaseAddress!.Host, service.Client.BaseAddress.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: "));
        var held = Stopwatch.StartNew();

        // Kestrel answers 408 and closes; reading to the end of the stream shows the connection was let go.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var buffer = new byte[4096];
        var answer = new StringBuilder();
        int read;
        while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            answer.Append(Encoding.ASCII.GetString(buffer, 0, read));

        Assert.InRange(held.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20));
        Assert.True(
            answer.Length == 0 || answer.ToString().StartsWith("HTTP/1.1 408", StringComparison.Ordinal),
            answer.ToString()
        );
    }
}
