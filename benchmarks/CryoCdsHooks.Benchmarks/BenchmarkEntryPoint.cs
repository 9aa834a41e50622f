namespace CryoCdsHooks.Benchmarks;

/// <summary>
/// One executable, one mode per run: micro-benchmarks (BenchmarkDotNet) or a loopback latency/throughput run.
/// Not top-level statements: those would declare a second <c>Program</c> next to the web host's.
/// </summary>
internal static class BenchmarkEntryPoint
{
    public static async Task<int> Main(string[] args) =>
        args.FirstOrDefault() switch
        {
            "engine" => EngineBenchmarks.Run(args[1..]),
            "order-sign-reuse" => OrderSignReuseBenchmarks.Run(args[1..]),
            "hook-latency" => await HookLatencyMeasurement.RunAsync(),
            "http-ceiling" when args.Length == 1 => await HttpCeilingMeasurement.RunAsync(),
            "http-ceiling" when args.Length == 2 && int.TryParse(args[1], out var concurrency) && concurrency > 0 =>
                await HttpCeilingMeasurement.RunAsync(concurrency),
            "ceiling-server" when args.Length == 2 => await LoadTargets.RunCeilingServerAsync(args[1]),
            "write-request" when args.Length == 2 => LoadTargets.WriteRequest(args[1], 0, 0),
            "write-request"
                when args.Length == 4
                    && int.TryParse(args[2], out var conditions)
                    && int.TryParse(args[3], out var observations) => LoadTargets.WriteRequest(
                args[1],
                conditions,
                observations
            ),
            _ => PrintUsage(),
        };

    private static int PrintUsage()
    {
        Console.Error.WriteLine(
            """
            usage: dotnet run -c Release --project benchmarks/CryoCdsHooks.Benchmarks -- <mode>
              engine [BenchmarkDotNet args]  request reading, prefetch loading, Policy260Engine.Evaluate,
                                             response composition
              order-sign-reuse [BDN args]    order-sign from order-select: fresh evaluation vs digest + lookup
              hook-latency                   hook latency with a 50 ms-per-query FHIR server vs full prefetch
              http-ceiling [concurrency=8]   order-select throughput vs a minimal endpoint in the same process
              ceiling-server <url>           for load.sh: Kestrel that reads the body and writes a fixed 2 KB answer
              write-request <scenario> [extra-conditions extra-observations]   for load.sh: a request body on stdout
            """
        );
        return 2;
    }
}
