using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using CryoCdsHooks.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CryoCdsHooks.Web.Tests.Persistence;

/// <summary>
/// The service as a real process, killed with SIGKILL in the middle of a burst of feedback writes: every
/// feedback it acknowledged with 200 must be in the database afterwards, and the service must start again on it.
/// Feedback is only taken for a card the client was given, so the burst is distinct outcomes on one issued card.
/// </summary>
public sealed class KillDuringWriteBurstTests
{
    private const int BurstSize = 300;
    private const int ConcurrentWriters = 6;
    private const int AcknowledgedBeforeKill = 100;

    [Theory, InSqlite, InPostgreSql]
    public async Task No_acknowledged_feedback_is_lost_when_the_process_is_killed(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var acknowledged = new ConcurrentBag<string>();

        string card;
        using (var service = await ServiceProcess.StartAsync(database))
        {
            card = await service.Client.IssuedCardAsync();
            var killed = new TaskCompletionSource();
            var next = 0;
            async Task WriteAsync()
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) <= BurstSize && !killed.Task.IsCompleted)
                {
                    var timestamp = OutcomeTimestamp(i);
                    try
                    {
                        using var response = await service.Client.PostJsonAsync(HookClient.OrderSign + "/feedback", Feedback(card, timestamp));
                        if (response.StatusCode != HttpStatusCode.OK) continue;
                        acknowledged.Add(timestamp);
                        if (acknowledged.Count >= AcknowledgedBeforeKill && killed.TrySetResult()) service.Kill();
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        // The process is gone: this write was never acknowledged.
                    }
                }
            }

            await Task.WhenAll(Enumerable.Range(0, ConcurrentWriters).Select(_ => Task.Run(WriteAsync)));
            Assert.True(killed.Task.IsCompleted, $"The burst ended before the kill: {service.Output}");
        }

        Assert.InRange(acknowledged.Count, AcknowledgedBeforeKill, BurstSize - 1);
        await using (var db = database.OpenContext())
        {
            var timestamps = acknowledged.ToList();
            var stored = await db.CardFeedback.Where(f => f.CardUuid == card).Select(f => f.OutcomeTimestamp).ToListAsync();
            Assert.Empty(timestamps.Except(stored));
        }

        // The database is usable after the crash: the service migrates, starts and writes again.
        using var restarted = await ServiceProcess.StartAsync(database);
        using var after = await restarted.Client.PostJsonAsync(HookClient.OrderSign + "/feedback", Feedback(card, OutcomeTimestamp(BurstSize + 1)));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    private static string OutcomeTimestamp(int i) => new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero).AddSeconds(i).ToString("yyyy-MM-ddTHH:mm:ssZ");

    private static JsonObject Feedback(string card, string outcomeTimestamp) => new()
    {
        ["feedback"] = new JsonArray(new JsonObject
        {
            ["card"] = card,
            ["outcome"] = "accepted",
            ["acceptedSuggestions"] = new JsonArray(new JsonObject { ["id"] = Guid.NewGuid().ToString() }),
            ["outcomeTimestamp"] = outcomeTimestamp,
        }),
    };
}

/// <summary><c>dotnet CryoCdsHooks.Web.dll</c> on a free loopback port, configured by environment variables.</summary>
internal sealed class ServiceProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ServiceProcess(Process process, HttpClient client)
    {
        _process = process;
        Client = client;
    }

    public HttpClient Client { get; }

    /// <summary>The last lines the process wrote, for failure messages.</summary>
    public string Output => string.Join(Environment.NewLine, _output.TakeLast(30));

    /// <param name="settings">Configuration for this process (environment variable names), over the defaults below.</param>
    public static async Task<ServiceProcess> StartAsync(TestDatabase database, IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = FreeLoopbackPort();
        var assembly = WebHostAssembly();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            // The content root, where appsettings.json is.
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        start.ArgumentList.Add(assembly);
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["CdsService__PublicBaseUrl"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["Persistence__Provider"] = database.Provider.ToString();
        start.Environment["ConnectionStrings__Audit"] = database.ConnectionString;
        start.Environment["CdsClients__RequireAuthentication"] = "false";
        start.Environment["Smart__RedirectUri"] = $"http://127.0.0.1:{port}/smart/callback"; // required setting
        start.Environment["RateLimiting__PermitsPerMinute"] = "100000";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in settings ?? new Dictionary<string, string>()) start.Environment[name] = value;

        var process = Process.Start(start)!;
        var service = new ServiceProcess(process, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) });
        process.OutputDataReceived += (_, line) => service.Record(line.Data);
        process.ErrorDataReceived += (_, line) => service.Record(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await service.WaitUntilListeningAsync();
        return service;
    }

    /// <summary>SIGKILL: no shutdown, no flushing.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited) Kill();
        _process.Dispose();
        Client.Dispose();
    }

    private void Record(string? line)
    {
        if (line is null) return;
        _output.Enqueue(line);
        while (_output.Count > 200) _output.TryDequeue(out _);
    }

    private async Task WaitUntilListeningAsync()
    {
        var deadline = Stopwatch.StartNew();
        // Generous: several replicas start at once on a shared, often busy CI machine.
        while (deadline.Elapsed < TimeSpan.FromSeconds(120))
        {
            if (_process.HasExited) throw new InvalidOperationException($"The service exited with {_process.ExitCode}:{Environment.NewLine}{Output}");
            try
            {
                // Listening means migrated: the warm-up migrates before the server starts.
                using var live = await Client.GetAsync("/healthz");
                if (live.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"The service was not listening within 120 s:{Environment.NewLine}{Output}");
    }

    /// <summary>The web host's own build output (it has the runtimeconfig the test output lacks).</summary>
    private static string WebHostAssembly()
    {
        // tests/CryoCdsHooks.Web.Tests/bin/{Configuration}/{tfm}/ → src/CryoCdsHooks.Web/bin/{Configuration}/{tfm}/
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = output.Parent!.Name;
        var repository = output.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        var assembly = Path.Combine(repository, "src", "CryoCdsHooks.Web", "bin", configuration, output.Name, "CryoCdsHooks.Web.dll");
        return File.Exists(assembly) ? assembly : throw new FileNotFoundException("Build the web host first.", assembly);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
