using System.Text;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Time.Testing;
using static CryoCdsHooks.FhirAccess.Tests.LoaderHarness;
using Task = System.Threading.Tasks.Task;

namespace CryoCdsHooks.FhirAccess.Tests;

/// <summary>A FHIR server that sends too much or too slowly costs a hook a bounded amount of memory and time.</summary>
[Collection(nameof(MemoryMeasurement))]
public sealed class HostileFhirServerTests
{
    private const int Mib = 1024 * 1024;
    private const int HostilePageBytes = 40 * Mib;

    // One Condition entry of the patient, repeated to fill pages of any size.
    private static readonly byte[] Entry = Encoding.UTF8.GetBytes(
        "{\"resource\":{\"resourceType\":\"Condition\",\"id\":\"c\",\"subject\":{\"reference\":\"Patient/"
            + PatientId
            + "\"},\"code\":{\"coding\":[{\"system\":\"http://hl7.org/fhir/sid/icd-10-cm\",\"code\":\"C64.1\"}]}}},"
    );

    private static readonly byte[] PageStart = """{"resourceType":"Bundle","type":"searchset","entry":["""u8.ToArray();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_40_MiB_page_is_a_data_problem_of_its_key_and_costs_a_bounded_amount_of_memory(
        bool declaresItsLength
    )
    {
        await using var server = new HostileFhirServer(
            (stream, token) => ServePageAsync(stream, HostilePageBytes, declaresItsLength, token)
        );
        using var harness = new LoaderHarness();
        var request = Request(server, without: PrefetchTemplateCatalog.ConditionsKey);

        var before = GC.GetTotalAllocatedBytes(precise: true);
        var result = await harness.LoadAsync(request, CancellationToken.None);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        var problem = Assert.Single(result.Problems);
        Assert.Equal(
            (PrefetchTemplateCatalog.ConditionsKey, DataProblemKind.ResponseTooLarge),
            (problem.PrefetchKey, problem.Kind)
        );
        Assert.Contains("MaxPageBytes", problem.Message, StringComparison.Ordinal);
        Assert.Empty(result.Record.Conditions);
        Assert.Single(result.Record.Procedures);
        // The documented bound (docs/security.md): the page buffer grows by doubling to at most the page cap (4 MiB
        // by default), i.e. under twice the cap in all; buffering the page whole would allocate over 40 MiB.
        Assert.True(allocated < 4L * harness.Options.MaxPageBytes, $"allocated {allocated / (double)Mib:0.0} MiB");
    }

    [Fact]
    public async Task Pages_of_many_keys_together_stop_at_the_per_hook_byte_budget()
    {
        await using var server = new HostileFhirServer(
            (stream, token) => ServePageAsync(stream, 3 * Mib, declaresItsLength: false, token)
        );
        using var harness = new LoaderHarness(
            new Dictionary<string, string?>
            {
                ["FhirAccess:MaxFetchedBytesPerHook"] = (4 * Mib).ToString(
                    System.Globalization.CultureInfo.InvariantCulture
                ),
            }
        );
        var request = Request(server, without: PrefetchTemplateCatalog.ConditionsKey) with
        {
            Prefetch = Prefetch(PrefetchTemplateCatalog.ConditionsKey, PrefetchTemplateCatalog.ObservationsKey),
        };

        var result = await harness.LoadAsync(request, CancellationToken.None);

        Assert.Contains(result.Problems, p =>
            p.Kind == DataProblemKind.ResponseTooLarge
            && p.Message.Contains("MaxFetchedBytesPerHook", StringComparison.Ordinal)
        );
        Assert.All(result.Problems, p => Assert.Equal(DataProblemKind.ResponseTooLarge, p.Kind));
    }

    [Fact]
    public async Task A_page_within_the_caps_is_parsed_entry_by_entry_into_the_same_record()
    {
        await using var server = new HostileFhirServer(
            (stream, token) => ServePageAsync(stream, Mib, declaresItsLength: false, token)
        );
        using var harness = new LoaderHarness();

        var result = await harness.LoadAsync(
            Request(server, without: PrefetchTemplateCatalog.ConditionsKey),
            CancellationToken.None
        );

        Assert.Empty(result.Problems);
        Assert.Equal(EntriesIn(Mib), result.Record.Conditions.Count);
        Assert.All(result.Record.Conditions, c => Assert.Equal("C64.1", c.Code?.Coding.Single().Code));
    }

    [Fact]
    public async Task A_server_that_drips_its_page_is_cut_when_the_hook_deadline_passes()
    {
        var drips = 0;
        await using var server = new HostileFhirServer(
            async (stream, token) =>
            {
                await StartDrippedPageAsync(stream, token);
                while (true)
                {
                    await stream.WriteAsync(" "u8.ToArray(), token);
                    await stream.FlushAsync(token);
                    Interlocked.Increment(ref drips);
                    await Task.Delay(10, token);
                }
            }
        );
        using var harness = new LoaderHarness();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var deadline = new HookDeadline(TimeSpan.FromSeconds(4), time, CancellationToken.None);

        var load = harness.LoadAsync(Request(server, without: PrefetchTemplateCatalog.ConditionsKey), deadline);
        await WaitUntilAsync(() => Volatile.Read(ref drips) >= 20);
        var loadEndedBeforeTheDeadline = load.IsCompleted;
        time.Advance(TimeSpan.FromSeconds(4));
        // Only a guard against a hang: the load ends as soon as the fake clock passes the deadline.
        var result = await load.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(loadEndedBeforeTheDeadline);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(
            (PrefetchTemplateCatalog.ConditionsKey, DataProblemKind.Timeout),
            (problem.PrefetchKey, problem.Kind)
        );
    }

    [Fact]
    public void Entries_are_not_parsed_once_the_deadline_has_passed()
    {
        var page = Encoding.UTF8.GetBytes(ToJson(SearchSet(NewCondition("c1"), NewCondition("c2"))));
        using var passed = new CancellationTokenSource();
        passed.Cancel();

        Assert.True(SearchPageParser.TryParse(page, CancellationToken.None, out var parsed, out _, out _));
        Assert.Equal(2, ((Bundle)parsed).Entry.Count);
        Assert.Throws<OperationCanceledException>(() =>
            SearchPageParser.TryParse(page, passed.Token, out _, out _, out _)
        );
    }

    private static async Task StartDrippedPageAsync(Stream stream, CancellationToken token)
    {
        await HostileFhirServer.WriteHeadAsync(stream, "Content-Length: 1000000\r\n", token);
        await stream.WriteAsync(PageStart, token);
    }

    private const int EntriesPerChunk = 512;

    private static int EntriesIn(int size) =>
        ((size - PageStart.Length) / (Entry.Length * EntriesPerChunk) * EntriesPerChunk) + 1;

    /// <summary>
    /// A valid searchset of about <paramref name="size"/> bytes (<see cref="EntriesIn"/> entries), written from one
    /// reused chunk.
    /// </summary>
    private static async Task ServePageAsync(Stream stream, int size, bool declaresItsLength, CancellationToken token)
    {
        var chunk = new byte[Entry.Length * EntriesPerChunk];
        for (var i = 0; i < EntriesPerChunk; i++)
            Entry.CopyTo(chunk, i * Entry.Length);
        var chunks = (size - PageStart.Length) / chunk.Length;
        var last = Entry.AsSpan(0, Entry.Length - 1).ToArray();
        var length = PageStart.Length + ((long)chunks * chunk.Length) + last.Length + 2;
        await HostileFhirServer.WriteHeadAsync(
            stream,
            declaresItsLength ? $"Content-Length: {length}\r\n" : "Connection: close\r\n",
            token
        );
        await stream.WriteAsync(PageStart, token);
        for (var i = 0; i < chunks; i++)
            await stream.WriteAsync(chunk, token);
        await stream.WriteAsync(last, token);
        await stream.WriteAsync("]}"u8.ToArray(), token);
    }

    private static HookDataRequest Request(HostileFhirServer server, string without) =>
        new(PatientId, EncounterId, Prefetch(without), server.FhirBase, AccessToken, ClientId);

    private static Dictionary<string, System.Text.Json.JsonElement> Prefetch(params string[] without)
    {
        var prefetch = FullPrefetch();
        foreach (var key in without)
            prefetch.Remove(key);
        return prefetch;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var giveUp = DateTime.UtcNow.AddSeconds(30);
        while (!condition() && DateTime.UtcNow < giveUp)
            await Task.Delay(10);
        Assert.True(condition());
    }
}
