using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace CryoCdsHooks.Benchmarks;

/// <summary>
/// Issue 4: how long a hook takes when the service must query the EHR's FHIR server itself. Every FHIR query
/// takes 50 ms; if the six prefetch queries run in parallel the hook costs about 50 ms more than with full
/// prefetch, if they ran one after another about 300 ms more.
/// </summary>
internal static class HookLatencyMeasurement
{
    private const string ScenarioName = "01-renal-50593-not-candidate-outpatient";
    private const int WarmupRequests = 20;
    private const int MeasuredRequests = 200;
    private const int PrefetchQueries = 6;
    private static readonly TimeSpan FhirQueryDelay = TimeSpan.FromMilliseconds(50);

    public static async Task<int> RunAsync()
    {
        var scenario = SampleScenario.Load(ScenarioName);
        using var fhirServer = SlowFhirServer.Start(scenario, FhirQueryDelay);
        await using var service = new CdsServiceHost();
        using var client = new HttpClient();
        var hookUrl = new Uri(await service.StartAsync(client), $"/cds-services/{scenario.ServiceId}");

        var withPrefetch = new LatencySample("full prefetch (no FHIR server)");
        var withoutPrefetch = new LatencySample(
            $"no prefetch: {PrefetchQueries} queries to a {FhirQueryDelay.TotalMilliseconds:F0} ms FHIR server"
        );
        var directQuery = new LatencySample("reference: one direct GET to that FHIR server");

        // Alternating the two kinds keeps drift (JIT, GC, the SQLite file growing) out of their difference.
        for (var i = 0; i < WarmupRequests + MeasuredRequests; i++)
        {
            var measured = i >= WarmupRequests;
            var prefetchAnswer = await PostAsync(
                client,
                hookUrl,
                scenario.WithPrefetch(),
                measured ? withPrefetch : null
            );
            var fetchedAnswer = await PostAsync(
                client,
                hookUrl,
                scenario.WithFhirServer(fhirServer.FhirBase),
                measured ? withoutPrefetch : null
            );
            if (i == 0)
                EnsureSameDetermination(prefetchAnswer, fetchedAnswer);
            await TimeAsync(
                () => client.GetAsync(new Uri(fhirServer.FhirBase + $"/Patient/{scenario.PatientId}")),
                measured ? directQuery : null
            );
        }

        var p50Fetched = withoutPrefetch.Percentile(0.50);
        var p50Prefetch = withPrefetch.Percentile(0.50);
        var sequentialWouldBe = p50Prefetch + PrefetchQueries * FhirQueryDelay.TotalMilliseconds;
        Console.WriteLine(
            $"""

            ## hook-latency — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores,
            .NET {Environment.Version}
            scenario {ScenarioName} ({scenario.ServiceId}); {MeasuredRequests} sequential requests of each kind
            after {WarmupRequests} warm-up, alternating; Kestrel on loopback, SQLite audit

            {LatencySample.MarkdownHeader}
            {withPrefetch.MarkdownRow}
            {withoutPrefetch.MarkdownRow}
            {directQuery.MarkdownRow}

            no-prefetch p50 - {FhirQueryDelay.TotalMilliseconds:F0} ms (one FHIR round trip)   = {p50Fetched
                - FhirQueryDelay.TotalMilliseconds:F1} ms
            no-prefetch p50 - full-prefetch p50 (cost of fetching) = {p50Fetched - p50Prefetch:F1} ms
            no-prefetch p50 / (prefetch p50 + {PrefetchQueries} x {FhirQueryDelay.TotalMilliseconds:F0} ms sequential)
              = {p50Fetched:F1} / {sequentialWouldBe:F1} = {p50Fetched / sequentialWouldBe:F2}
            """
        );
        return 0;
    }

    private static async Task<JsonNode> PostAsync(HttpClient client, Uri url, JsonObject request, LatencySample? sample)
    {
        var response = await TimeAsync(() => client.PostAsJsonAsync(url, request), sample);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"Hook answered {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    private static async Task<HttpResponseMessage> TimeAsync(
        Func<Task<HttpResponseMessage>> send,
        LatencySample? sample
    )
    {
        var started = Stopwatch.GetTimestamp();
        var response = await send();
        await response.Content.LoadIntoBufferAsync();
        sample?.Add(Stopwatch.GetElapsedTime(started));
        return response;
    }

    // A fast answer that is wrong (e.g. "indeterminate" because the fetch failed) would make the numbers meaningless.
    private static void EnsureSameDetermination(JsonNode prefetchAnswer, JsonNode fetchedAnswer)
    {
        var expected = CoveredCodes(prefetchAnswer);
        var actual = CoveredCodes(fetchedAnswer);
        if (expected.Count == 0 || !expected.SequenceEqual(actual))
        {
            throw new InvalidOperationException(
                $"Answers differ: with prefetch [{string.Join(", ", expected)}], "
                    + $"from the FHIR server [{string.Join(", ", actual)}]."
            );
        }
    }

    /// <summary>The CRD <c>covered</c> codes anywhere in a hook answer, in document order.</summary>
    private static List<string> CoveredCodes(JsonNode? node) =>
        node switch
        {
            JsonObject obj when obj["url"]?.GetValue<string>() == "covered" => [obj["valueCode"]!.GetValue<string>()],
            JsonObject obj => obj.SelectMany(property => CoveredCodes(property.Value)).ToList(),
            JsonArray array => array.SelectMany(CoveredCodes).ToList(),
            _ => [],
        };
}
