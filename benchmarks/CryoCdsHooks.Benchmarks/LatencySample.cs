namespace CryoCdsHooks.Benchmarks;

/// <summary>Latencies of one kind of request, summarised by nearest-rank percentiles.</summary>
internal sealed class LatencySample(string label)
{
    private readonly List<double> _milliseconds = [];

    public string Label { get; } = label;
    public int Count => _milliseconds.Count;

    public void Add(TimeSpan elapsed)
    {
        lock (_milliseconds)
            _milliseconds.Add(elapsed.TotalMilliseconds);
    }

    public double Percentile(double fraction)
    {
        var sorted = _milliseconds.Order().ToList();
        var rank = (int)Math.Ceiling(fraction * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    public double Max => _milliseconds.Max();

    public static string MarkdownHeader =>
        "| request | n | p50 ms | p90 ms | p99 ms | max ms |\n|---|---:|---:|---:|---:|---:|";

    public string MarkdownRow =>
        $"| {Label} | {Count} | {Percentile(0.50):F1} | {Percentile(0.90):F1} | {Percentile(0.99):F1} | {Max:F1} |";
}
