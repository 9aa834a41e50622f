using System.Net;
using System.Runtime;
using System.Text;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace CryoCdsHooks.Web.Tests;

/// <summary>
/// Several adversarial but well-formed hook calls at once leave the process within its usual footprint (issue 14
/// point 5). Measured against normal calls in the same process, per byte of request, by the GC's own counters
/// (allocated bytes are exact; the heap is read after full, compacting collections): no wall-clock time.
/// </summary>
[Collection(nameof(MemoryMeasurement))]
public sealed class HookFootprintTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Concurrent = 8;

    /// <summary>Of each adversarial kind per request: about 1.4 MB of request, 2400 texts the engine parses.</summary>
    private const int PerKind = 600;

    // A machine busy with other work must not turn a measured call into a late (indeterminate) one.
    private readonly CdsServiceFactory _factory = new CdsServiceFactory().With("FhirAccess:HookDeadline", "00:00:30");
    private HttpClient _client = null!;

    /// <summary>
    /// Each call gets its own hookInstance in place of this one (a replayed answer would cost nothing).
    /// </summary>
    private const string AnyHookInstance = "00000000-0000-0000-0000-000000000000";

    public Task InitializeAsync()
    {
        _client = _factory.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    /// <summary>
    /// 255 characters each (the engine reads up to 256), shaped after the regex and number parsers' worst cases:
    /// a long digit run, a repeated token, long whitespace around a value, a repeated keyword.
    /// </summary>
    private static readonly string[] AdversarialTexts =
    [
        new('9', 255),
        string.Concat(Enumerable.Repeat("T1", 127)) + "a",
        new string(' ', 200) + "57" + new string(' ', 53),
        string.Concat(Enumerable.Repeat("stage ", 42)) + "IV ",
    ];

    private static string Text(int i) => AdversarialTexts[i % AdversarialTexts.Length];

    /// <summary>
    /// The covered scenario plus, <see cref="PerKind"/> times each: eGFR and tumour-size Observations whose
    /// valueString is adversarial, stage-group Observations with adversarial text, and kidney tumour Conditions
    /// whose code text and stage summary are adversarial.
    /// </summary>
    private static string Adversarial()
    {
        var scenario = new PatientScenario();
        for (var i = 0; i < PerKind; i++)
        {
            scenario.Observations.Add(
                PatientScenario.Observation(
                    $"egfr-{i}",
                    "98979-8",
                    "2026-11-05",
                    "valueString",
                    JsonValue.Create(Text(i))
                )
            );
            scenario.Observations.Add(
                PatientScenario.Observation(
                    $"size-{i + 2}",
                    "21889-1",
                    "2026-11-01",
                    "valueString",
                    JsonValue.Create(Text(i + 1))
                )
            );
            scenario.Observations.Add(
                PatientScenario.Observation(
                    $"stage-{i}",
                    "21908-9",
                    "2026-11-02",
                    "valueCodeableConcept",
                    new JsonObject { ["text"] = Text(i + 2) }
                )
            );
            var condition = PatientScenario.Condition($"rcc-{i + 2}", "http://hl7.org/fhir/sid/icd-10-cm", "C64.1");
            condition["code"]!["text"] = Text(i + 3);
            condition["stage"] = new JsonArray(new JsonObject { ["summary"] = new JsonObject { ["text"] = Text(i) } });
            scenario.Conditions.Add(condition);
        }
        return scenario.OrderSign(AnyHookInstance).ToJsonString();
    }

    private static string Normal() => new PatientScenario().OrderSign(AnyHookInstance).ToJsonString();

    private sealed record Burst(long RequestBytes, long Allocated, long PeakHeap, IReadOnlyList<string> Covered);

    /// <summary>
    /// Sends <paramref name="calls"/> copies of <paramref name="body"/> at once, each with its own hookInstance.
    /// The copies are made from the one template string and dropped in here (no pooled buffers, nothing kept by the
    /// test), so what the heap keeps afterwards is the service's. The peak is sampled, for the record only.
    /// </summary>
    private async Task<Burst> BurstAsync(string body, int calls = Concurrent)
    {
        byte[][] bodies =
        [
            .. Enumerable
                .Range(0, calls)
                .Select(_ =>
                    Encoding.UTF8.GetBytes(
                        body.Replace(AnyHookInstance, Guid.NewGuid().ToString(), StringComparison.Ordinal)
                    )
                ),
        ];
        using var sampling = new CancellationTokenSource();
        var peak = 0L;
        var sampler = Task.Run(
            async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
                    await Task.Delay(5, CancellationToken.None);
                }
            },
            CancellationToken.None
        );

        var before = GC.GetTotalAllocatedBytes(precise: true);
        var responses = await Task.WhenAll(
            bodies.Select(bytes =>
                _client.PostAsync(
                    HookClient.OrderSign,
                    new ByteArrayContent(bytes) { Headers = { ContentType = new("application/json") } }
                )
            )
        );
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        await sampling.CancelAsync();
        await sampler;

        var covered = new List<string>();
        foreach (var response in responses)
        {
            using (response)
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                covered.Add(
                    HookClient
                        .CoverageInformationByOrder(await response.ReadJsonAsync())["ServiceRequest/order-1"]
                        .Covered
                );
            }
        }
        return new Burst(bodies.Sum(b => (long)b.Length), allocated, peak, covered);
    }

    /// <summary>The live heap after full, compacting collections (the large object heap included).</summary>
    private static long HeapAfterFullCollection()
    {
        for (var i = 0; i < 2; i++)
        {
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        return GC.GetTotalMemory(forceFullCollection: false);
    }

    private static string MiB(long bytes) => $"{bytes / 1048576.0:F1} MiB";

    [Fact]
    public async Task Eight_adversarial_calls_at_once_cost_no_more_per_byte_than_normal_ones_and_leave_pooled_buffers()
    {
        var (normalBody, adversarialBody) = (Normal(), Adversarial());
        // Warm-up: JIT, Firely's model, regexes and EF Core are paid for before anything is measured.
        await BurstAsync(normalBody, 1);
        await BurstAsync(adversarialBody, 1);
        var normal = await BurstAsync(normalBody);
        var heapBefore = HeapAfterFullCollection();

        var adversarial = new List<Burst>();
        for (var round = 0; round < 4; round++)
            adversarial.Add(await BurstAsync(adversarialBody));
        var heapAfter = HeapAfterFullCollection();

        var burstBytes = adversarial[0].RequestBytes;
        double normalPerByte = (double)normal.Allocated / normal.RequestBytes,
            adversarialPerByte = (double)adversarial.Min(b => b.Allocated) / burstBytes;
        output.WriteLine(
            $"normal: {Concurrent} x {normal.RequestBytes / Concurrent / 1024.0:F1} KiB at once, allocated "
                + $"{MiB(normal.Allocated)} "
                + $"({normalPerByte:F0} B per request byte), peak heap {MiB(normal.PeakHeap)}"
        );
        output.WriteLine(
            $"adversarial: {Concurrent} x {burstBytes / Concurrent / 1048576.0:F2} MiB at once, allocated "
                + $"{MiB(adversarial.Min(b => b.Allocated))} "
                + $"({adversarialPerByte:F0} B per request byte), peak heap {MiB(adversarial.Max(b => b.PeakHeap))}"
        );
        output.WriteLine(
            $"heap after full collections: {MiB(heapBefore)} before, {MiB(heapAfter)} after 4 adversarial bursts "
                + $"({(double)(heapAfter - heapBefore) / burstBytes:F1} x one burst's {MiB(burstBytes)} of requests)"
        );

        // Evaluated, not cut short by the deadline: the hostile values were read and refused as evidence.
        Assert.All(adversarial.SelectMany(b => b.Covered), c => Assert.NotEqual("indeterminate", c));
        // Hostile content costs no more per byte than ordinary content; quadratic work would cost hundreds of times
        // more.
        Assert.InRange(adversarialPerByte, 0, normalPerByte);
        // What stays is the runtime's array pool, sized by the calls that were in flight at once (about 3 x a burst's
        // request bytes); keeping any call's request or record would add at least a burst per round, 4 x in all.
        Assert.InRange(heapAfter - heapBefore, long.MinValue, 6 * burstBytes);
    }
}
