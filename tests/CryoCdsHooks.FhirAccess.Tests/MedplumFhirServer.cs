using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace CryoCdsHooks.FhirAccess.Tests;

/// <summary>
/// A real FHIR R4 server for the tests: fhir-server/server.mjs (Medplum's FHIR router over its in-memory
/// repository) run by Node as a child process on a free loopback port, loaded with the sample records written the
/// way real systems code them (fhir-samples/clinical-vocabulary and real-world: 45 patients) and stopped when
/// disposed. It requires <see cref="AccessToken"/> as bearer token.
/// </summary>
public sealed class MedplumFhirServer : IAsyncLifetime
{
    public const string AccessToken = "real-server-token-5d2e";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly StringBuilder errors = new();
    private Process? node;

    /// <summary>The FHIR base, without a trailing slash, as a CDS client sends <c>fhirServer</c>.</summary>
    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Talks to the FHIR base (relative URLs resolve below it) with the bearer token.</summary>
    public HttpClient Client { get; private set; } = new();

    /// <summary>The sample records on the server, one patient each.</summary>
    public IReadOnlyList<FhirSample> Samples { get; private set; } = [];

    public static bool IsCi =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string ServerDirectory =>
        Path.Combine(RepositoryRoot(), "tests", "CryoCdsHooks.FhirAccess.Tests", "fhir-server");

    /// <summary>Why the server cannot run here (npm packages or Node missing), or null.</summary>
    public static string? MissingPrerequisite()
    {
        if (!File.Exists(Path.Combine(ServerDirectory, "node_modules", "@medplum", "fhir-router", "package.json")))
        {
            return "The FHIR test server's npm packages are not installed (npm ci --prefix "
                + "tests/CryoCdsHooks.FhirAccess.Tests/fhir-server)";
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator)
            .Any(directory => directory.Length > 0 && File.Exists(Path.Combine(directory, "node")));
        return onPath ? null : "Node is not on PATH (apt-get install nodejs)";
    }

    public async Task InitializeAsync()
    {
        if (MissingPrerequisite() is { } missing)
        {
            // Locally the tests are skipped (FhirServerFact) and need no server; in CI this fails them.
            if (IsCi)
                throw new InvalidOperationException($"{missing} although CI=true: .ci/run must install it.");
            return;
        }

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = ServerDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Node 20 exposes the WebSocket global, which @medplum/core reads when it loads, only behind this flag.
        start.ArgumentList.Add("--experimental-websocket");
        start.ArgumentList.Add("server.mjs");
        start.ArgumentList.Add("0");
        start.Environment["ACCESS_TOKEN"] = AccessToken;
        node = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        node.ErrorDataReceived += (_, line) =>
        {
            lock (errors)
                errors.AppendLine(line.Data);
        };
        node.BeginErrorReadLine();

        var port = await ReadPortAsync(node);
        BaseUrl = new Uri($"http://127.0.0.1:{port}/fhir/R4");
        Client = new HttpClient { BaseAddress = new Uri(BaseUrl.AbsoluteUri + "/") };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AccessToken);

        // Its searches scan every resource, so more samples would mostly cost time (the main ones add no new coding).
        Samples = FhirSample.Load(Path.Combine(RepositoryRoot(), "fhir-samples"), "clinical-vocabulary", "real-world");
        foreach (var sample in Samples)
        {
            await TransactAsync(sample.BundleJson);
        }
    }

    /// <summary>Posts a transaction Bundle to the base; fails unless the server applied it.</summary>
    public async Task TransactAsync(string bundleJson)
    {
        using var content = new StringContent(bundleJson, Encoding.UTF8, "application/fhir+json");
        using var response = await Client.PostAsync("", content);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"The FHIR test server refused a transaction (HTTP {(int)response.StatusCode}): "
                    + $"{await response.Content.ReadAsStringAsync()}"
            );
        }
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (node is null)
            return;
        if (!node.HasExited)
            node.Kill(entireProcessTree: true);
        await node.WaitForExitAsync();
        node.Dispose();
    }

    private async Task<int> ReadPortAsync(Process process)
    {
        string? line;
        try
        {
            line = await process.StandardOutput.ReadLineAsync().WaitAsync(StartTimeout);
        }
        catch (TimeoutException)
        {
            line = null;
        }

        if (
            line is null
            || !line.StartsWith("listening ", StringComparison.Ordinal)
            || !int.TryParse(line["listening ".Length..], out var port)
        )
        {
            string stderr;
            lock (errors)
                stderr = errors.ToString();
            throw new InvalidOperationException(
                $"The FHIR test server did not start within {StartTimeout.TotalSeconds} s: {line} {stderr}"
            );
        }

        // Nothing more is expected on stdout; draining it keeps a chatty server from blocking on a full pipe.
        _ = process.StandardOutput.ReadToEndAsync();
        return port;
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CryoCdsHooks.sln")))
            directory = directory.Parent;
        return directory?.FullName
            ?? throw new InvalidOperationException("CryoCdsHooks.sln not found above the test binaries.");
    }
}
