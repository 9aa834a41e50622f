using System.Net;
using System.Text.Json.Nodes;
using CryoCdsHooks.Web.Tests.Docs;

namespace CryoCdsHooks.Web.Tests;

/// <summary>
/// Posts every ready-made request in fhir-samples/ and checks the coverage-information it gets back against
/// fhir-samples/expected.json, the table the samples README documents. The sets in subfolders (clinical-vocabulary:
/// real code systems; real-world: Epic, Oracle Health, Synthea and HAPI shapes; held-out-practice: patients written
/// from the policy without reading the code; dtr: conditional patients with a DTR answer), each with its own
/// expected.json, are posted to both hooks. A scenario
/// with a <c>knownGap</c> is one the service does not answer as documented yet: it is checked to still differ, so
/// the entry goes when the gap is closed. The crd-workflow and held-out-workflow sets (the latter written from the
/// policy and CRD without reading the code) are posted as written, each to the hook it is for (order-select to
/// encounter-start), their coverage-information keyed by the resource it is on.
/// </summary>
public sealed class SampleScenarioTests(CdsServiceFactoryFixture fixture) : IClassFixture<CdsServiceFactoryFixture>
{
    private static readonly string SamplesDirectory = Path.Combine(MarkdownDocument.RepositoryRoot(), "fhir-samples");
    private static readonly string[] BothHookSets = ["clinical-vocabulary", "real-world", "held-out-practice", "dtr"];
    private static readonly string[] WorkflowSets = ["crd-workflow", "held-out-workflow"];

    public static TheoryData<string> Scenarios()
    {
        var data = new TheoryData<string>();
        foreach (var scenario in Expectations(SamplesDirectory))
            data.Add((string)scenario["scenario"]!);
        return data;
    }

    public static TheoryData<string, string> WorkflowScenarios()
    {
        var data = new TheoryData<string, string>();
        foreach (var set in WorkflowSets)
        {
            foreach (var scenario in Expectations(Path.Combine(SamplesDirectory, set)))
                data.Add(set, (string)scenario["scenario"]!);
        }
        return data;
    }

    public static TheoryData<string, string, string> BothHookScenarios() => BothHooks(knownGaps: false);

    public static TheoryData<string, string, string> KnownGapScenarios() => BothHooks(knownGaps: true);

    private static TheoryData<string, string, string> BothHooks(bool knownGaps)
    {
        var data = new TheoryData<string, string, string>();
        foreach (var set in BothHookSets)
        {
            foreach (
                var scenario in Expectations(Path.Combine(SamplesDirectory, set))
                    .Where(e => e.ContainsKey("knownGap") == knownGaps)
            )
            {
                data.Add(set, (string)scenario["scenario"]!, "order-sign");
                data.Add(set, (string)scenario["scenario"]!, "order-select");
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Sample_request_gets_the_documented_coverage_information(string scenario)
    {
        var expected = Expectations(SamplesDirectory).Single(e => (string)e["scenario"]! == scenario);
        var request = await File.ReadAllTextAsync(Path.Combine(SamplesDirectory, (string)expected["request"]!));

        var response = await fixture.Client.PostRawAsync($"/cds-services/{expected["service"]}", request);

        await AssertDocumentedAnswers(expected, response);
    }

    [Theory]
    [MemberData(nameof(WorkflowScenarios))]
    public async Task Each_hook_of_the_crd_workflow_gets_the_documented_answer_on_the_documented_resource(
        string set,
        string scenario
    )
    {
        var (expected, response) = await PostWorkflowAsync(set, scenario);

        await AssertDocumentedAnswers(expected, response);
    }

    /// <summary>Posted as written to the hook it is for, with a fresh hookInstance (one answer per instance).</summary>
    private async Task<(JsonObject Expected, HttpResponseMessage Response)> PostWorkflowAsync(
        string set,
        string scenario
    )
    {
        var directory = Path.Combine(SamplesDirectory, set);
        var expected = Expectations(directory).Single(e => (string)e["scenario"]! == scenario);
        var request = JsonNode
            .Parse(await File.ReadAllTextAsync(Path.Combine(directory, (string)expected["request"]!)))!
            .AsObject();
        request["hookInstance"] = Guid.NewGuid().ToString();
        return (
            expected,
            await fixture.Client.PostRawAsync($"/cds-services/{expected["service"]}", request.ToJsonString())
        );
    }

    [Theory]
    [MemberData(nameof(BothHookScenarios))]
    public async Task Record_as_real_systems_write_it_gets_the_documented_answer_on_both_hooks(
        string set,
        string scenario,
        string hook
    )
    {
        var (expected, response) = await PostOnHookAsync(set, scenario, hook);

        await AssertDocumentedAnswers(expected, response);
    }

    [Theory]
    [MemberData(nameof(KnownGapScenarios))]
    public async Task A_known_gap_still_differs_from_its_documented_answer(string set, string scenario, string hook)
    {
        var (expected, response) = await PostOnHookAsync(set, scenario, hook);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answers = HookClient.CoverageInformationByOrder(await response.ReadJsonAsync());
        var documented = expected["orders"]!
            .AsArray()
            .Select(o => o!.AsObject())
            .ToDictionary(o => (string)o["reference"]!, o => ((string)o["covered"]!, (string?)o["paNeeded"]));
        var given = answers.ToDictionary(a => a.Key, a => (a.Value.Covered, a.Value.PaNeeded));
        Assert.False(
            documented.Count == given.Count && documented.All(d => given.TryGetValue(d.Key, out var g) && g == d.Value),
            $"{scenario} now gets its documented answer: remove its knownGap ({expected["knownGap"]})."
        );
    }

    private async Task<(JsonObject Expected, HttpResponseMessage Response)> PostOnHookAsync(
        string set,
        string scenario,
        string hook
    )
    {
        var directory = Path.Combine(SamplesDirectory, set);
        var expected = Expectations(directory).Single(e => (string)e["scenario"]! == scenario);
        return (
            expected,
            await fixture.Client.PostSampleAsync(Path.Combine(directory, (string)expected["request"]!), hook)
        );
    }

    private static async Task AssertDocumentedAnswers(JsonObject expected, HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        var answers = HookClient.CoverageInformationByOrder(body);
        var expectedOrders = expected["orders"]!.AsArray().Select(o => o!.AsObject()).ToList();
        Assert.Equal(expectedOrders.Select(o => (string)o["reference"]!).Order(), answers.Keys.Order());
        // noCoverage: no Coverage of ours on the date of service, so no coverage-information, only a card saying so.
        var noCoverage = expected["noCoverage"]?.AsArray().Select(r => (string)r!).ToList() ?? [];
        foreach (var reference in noCoverage)
        {
            Assert.Contains(HookClient.Cards(body), card =>
                ((string)card["summary"]!).StartsWith("No ", StringComparison.Ordinal)
                && (string?)card["extension"]?["davinci-crd.associated-resource"]?[0]?["reference"] == reference
            );
        }
        if (expectedOrders.Count == 0 && noCoverage.Count == 0)
            Assert.Empty(body["cards"]!.AsArray());

        foreach (var order in expectedOrders)
        {
            var answer = answers[(string)order["reference"]!];
            Assert.Equal((string)order["covered"]!, answer.Covered);
            Assert.Equal((string?)order["paNeeded"], answer.PaNeeded);
            if ((string?)order["reason"] is { } reason)
                Assert.Contains(reason, answer.ReasonCodes);
            foreach (var info in order["infoNeeded"]?.AsArray() ?? [])
                Assert.Contains((string)info!, answer.Codes("info-needed"));
        }
        foreach (var reference in expected["notAnswered"]?.AsArray() ?? [])
            Assert.DoesNotContain((string)reference!, answers.Keys);
    }

    private static IEnumerable<JsonObject> Expectations(string directory) =>
        JsonNode
            .Parse(File.ReadAllText(Path.Combine(directory, "expected.json")))!
            .AsArray()
            .Select(e => e!.AsObject());
}
