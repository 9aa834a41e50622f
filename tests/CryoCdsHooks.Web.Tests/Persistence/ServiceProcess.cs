using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CryoCdsHooks.Web.Tests.Persistence;

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

    /// <param name="settings">Configuration for this process (environment variable names), over the defaults
    /// below.</param>
    public static async Task<ServiceProcess> StartAsync(
        TestDatabase database,
        IReadOnlyDictionary<string, string>? settings = null
    )
    {
        var port = FreeLoopbackPort();
        var assembly = WebHostAssembly();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
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
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
            start.Environment[name] = value;

        var process = Process.Start(start)!;
        var service = new ServiceProcess(
            process,
            new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) }
        );
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
        if (!_process.HasExited)
            Kill();
        _process.Dispose();
        Client.Dispose();
    }

    private void Record(string? line)
    {
        if (line is null)
            return;
        _output.Enqueue(line);
        while (_output.Count > 200)
            _output.TryDequeue(out _);
    }

    private async Task WaitUntilListeningAsync()
    {
        var deadline = Stopwatch.StartNew();
        // Generous: several replicas start at once on a shared, often busy CI machine.
        while (deadline.Elapsed < TimeSpan.FromSeconds(120))
        {
            if (_process.HasExited)
                throw new InvalidOperationException(
                    $"The service exited with {_process.ExitCode}:{Environment.NewLine}{Output}"
                );
            try
            {
                // Listening means migrated: the warm-up migrates before the server starts.
                using var live = await Client.GetAsync("/healthz");
                if (live.StatusCode == HttpStatusCode.OK)
                    return;
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
        var assembly = Path.Combine(
            repository,
            "src",
            "CryoCdsHooks.Web",
            "bin",
            configuration,
            output.Name,
            "CryoCdsHooks.Web.dll"
        );
        return File.Exists(assembly)
            ? assembly
            : throw new FileNotFoundException("Build the web host first.", assembly);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
