using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace CryoCdsHooks.Benchmarks;

/// <summary>
/// Issue 7: how far order-select (full prefetch) is from what Kestrel in the same process can do at all. The
/// same load loop posts the same bodies to the hook and to a minimal endpoint that only reads the body and writes
/// a fixed 2 KB answer.
/// </summary>
internal static class HttpCeilingMeasurement
{
    private const string ScenarioName = "21-renal-order-select-selections";
    private const string FixedAnswerPath = "/bench/fixed-answer";
    private const int DefaultConcurrency = 8;
    private const int MaxRequestsPerTarget = 100_000;
    private static readonly TimeSpan WarmupDuration = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan MeasuredDuration = TimeSpan.FromSeconds(10);
    private static readonly byte[] FixedAnswer = Encoding.UTF8.GetBytes(
        $$"""{"cards":[],"padding":"{{new string('x', 2048 - 28)}}"}"""
    );

    public static async Task<int> RunAsync(int concurrency = DefaultConcurrency)
    {
        var scenario = SampleScenario.Load(ScenarioName);
        await using var service = new CdsServiceHost(new FixedAnswerEndpoint());
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency });
        var startedAt = Stopwatch.GetTimestamp();
        var address = await service.StartAsync(client);
        var startToReady = Stopwatch.GetElapsedTime(startedAt);

        var targets = new[]
        {
            (
                $"POST /cds-services/{scenario.ServiceId} (full prefetch)",
                new Uri(address, $"/cds-services/{scenario.ServiceId}")
            ),
            ($"POST {FixedAnswerPath} (read body, fixed 2 KB answer)", new Uri(address, FixedAnswerPath)),
        };
        var results = new List<(LatencySample Latency, double RequestsPerSecond, int Failures)>();
        // The load client shares the process, so these are upper bounds for the service itself.
        var memory = new List<(string Label, long WorkingSet, long ManagedHeap)>();
        foreach (var (label, url) in targets)
        {
            await LoadAsync(client, url, scenario, new LatencySample(label), WarmupDuration, concurrency);
            var sample = new LatencySample(label);
            var (elapsed, failures) = await LoadAsync(client, url, scenario, sample, MeasuredDuration, concurrency);
            results.Add((sample, sample.Count / elapsed.TotalSeconds, failures));
            memory.Add((label, Environment.WorkingSet, GC.GetTotalMemory(forceFullCollection: false)));
        }

        Console.WriteLine(
            $"""

            ## http-ceiling — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores,
            .NET {Environment.Version}
            scenario {ScenarioName}; {concurrency} concurrent loopback clients in the same process,
            {MeasuredDuration.TotalSeconds:F0} s per target after {WarmupDuration.TotalSeconds:F0} s warm-up;
            SQLite audit

            | target | requests | failures | req/s | p50 ms | p99 ms |
            |---|---:|---:|---:|---:|---:|
            """
        );
        foreach (var (latency, rate, failures) in results)
        {
            Console.WriteLine(
                $"| {latency.Label} | {latency.Count} | {failures} | {rate:F0} | {latency.Percentile(0.50):F2} | "
                    + $"{latency.Percentile(0.99):F2} |"
            );
        }
        Console.WriteLine(
            "\norder-select throughput / minimal endpoint throughput = "
                + $"{results[0].RequestsPerSecond / results[1].RequestsPerSecond:F3}"
        );
        Console.WriteLine(
            "start to ready (host start until /readyz answers 200, warm-up hook included) = "
                + $"{startToReady.TotalMilliseconds:F0} ms"
        );
        foreach (var (label, workingSet, heap) in memory)
        {
            Console.WriteLine(
                $"after {label}: working set {workingSet / 1048576.0:F0} MiB, managed heap {heap / 1048576.0:F0} MiB "
                    + "(process incl. load client)"
            );
        }
        return results.Sum(result => result.Failures) == 0 ? 0 : 1;
    }

    /// <summary>Concurrent sequential posters until the duration or the request cap runs out.</summary>
    private static async Task<(TimeSpan Elapsed, int Failures)> LoadAsync(
        HttpClient client,
        Uri url,
        SampleScenario scenario,
        LatencySample sample,
        TimeSpan duration,
        int concurrency
    )
    {
        // The client shares the 2 cores with the server: swap the hookInstance in a serialized template rather than
        // rebuilding the JSON per request (a repeated hookInstance is answered 409).
        var template = scenario.WithPrefetch();
        var templateJson = template.ToJsonString();
        var templateHookInstance = template["hookInstance"]!.GetValue<string>();
        var failures = 0;
        var issued = 0;
        var started = Stopwatch.GetTimestamp();
        var workers = Enumerable
            .Range(0, concurrency)
            .Select(_ =>
                Task.Run(async () =>
                {
                    while (
                        Stopwatch.GetElapsedTime(started) < duration
                        && Interlocked.Increment(ref issued) <= MaxRequestsPerTarget
                    )
                    {
                        using var content = new ByteArrayContent(
                            Encoding.UTF8.GetBytes(
                                templateJson.Replace(templateHookInstance, Guid.NewGuid().ToString())
                            )
                        );
                        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                        var requestStarted = Stopwatch.GetTimestamp();
                        using var response = await client.PostAsync(url, content);
                        await response.Content.LoadIntoBufferAsync();
                        if (response.IsSuccessStatusCode)
                            sample.Add(Stopwatch.GetElapsedTime(requestStarted));
                        else
                            Interlocked.Increment(ref failures);
                    }
                })
            );
        await Task.WhenAll(workers);
        return (Stopwatch.GetElapsedTime(started), failures);
    }

    /// <summary>The ceiling: read the whole body, write a fixed 2 KB JSON answer.</summary>
    public static async Task FixedAnswerAsync(HttpContext http)
    {
        await http.Request.Body.CopyToAsync(Stream.Null);
        http.Response.ContentType = "application/json";
        await http.Response.Body.WriteAsync(FixedAnswer);
    }

    /// <summary>Mounted before the service's own middleware: Kestrel, body read and response write only.</summary>
    private sealed class FixedAnswerEndpoint : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) =>
            app =>
            {
                app.Map(FixedAnswerPath, fixedAnswer => fixedAnswer.Run(FixedAnswerAsync));
                next(app);
            };
    }
}
