using System.Net;
using System.Text.Json.Nodes;
using CryoCdsHooks.Web.Tests.Docs;

namespace CryoCdsHooks.Web.Tests;

/// <summary>
/// From CRD to DTR and back (fhir-samples/dtr, docs/api.md): a conditional answer names our Questionnaire and offers
/// the configured DTR app; the same request with a completed QuestionnaireResponse about the order gets covered or
/// not-covered, on both hooks; a response that cannot count is set aside and the card says why.
/// </summary>
public sealed class DtrAnswerTests : IAsyncLifetime
{
    private const string DtrLaunchUrl = "https://dtr.example.org/launch";
    private static readonly string Directory = Path.Combine(MarkdownDocument.RepositoryRoot(), "fhir-samples", "dtr");
    private readonly CdsServiceFactory _factory = new CdsServiceFactory().With("CdsService:DtrLaunchUrl", DtrLaunchUrl);
    private HttpClient _client = null!;

    public static TheoryData<string, string> Scenarios()
    {
        var data = new TheoryData<string, string>();
        foreach (var scenario in Expectations())
        {
            data.Add((string)scenario["scenario"]!, "order-sign");
            data.Add((string)scenario["scenario"]!, "order-select");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Conditional_answer_turns_into_the_documented_one_once_the_response_is_in_prefetch(
        string scenario,
        string hook
    )
    {
        var expected = Expectations().Single(e => (string)e["scenario"]! == scenario);
        var order = expected["orders"]![0]!.AsObject();
        var reference = (string)order["reference"]!;

        var before = await PostAsync((string)expected["base"]!, hook);
        var conditional = HookClient.CoverageInformationByOrder(before)[reference];
        Assert.Equal("conditional", conditional.Covered);
        if (hook == "order-sign")
        {
            Assert.Equal(["clinical"], conditional.Codes("doc-needed"));
            Assert.Equal(
                (string)expected["questionnaire"]!,
                Assert.Single(conditional.Parts("questionnaire"))["valueCanonical"]?.GetValue<string>()
            );
        }
        else
        {
            // CRD: a secondary hook asks for no documentation, so it names no form either (invariant q1).
            Assert.Empty(conditional.Parts("questionnaire"));
        }
        var dtrLink = Assert.Single(HookClient.Cards(before).SelectMany(c => c["links"]?.AsArray() ?? []), l =>
            (string?)l!["url"] == DtrLaunchUrl
        )!;
        Assert.Equal("smart", (string?)dtrLink["type"]);
        var appContext = JsonNode.Parse((string)dtrLink["appContext"]!)!;
        Assert.Equal((string)expected["questionnaire"]!, (string?)appContext["questionnaire"]![0]);
        Assert.Equal(reference, (string?)appContext["order"]![0]);
        Assert.Equal(conditional.CoverageReference, (string?)appContext["coverage"]![0]);
        Assert.Equal(conditional.AssertionId, (string?)appContext["context"]);

        var after = await PostAsync((string)expected["request"]!, hook);
        var documented = HookClient.CoverageInformationByOrder(after)[reference];
        Assert.Equal((string)order["covered"]!, documented.Covered);
        Assert.Equal((string?)order["paNeeded"], documented.PaNeeded);
        if ((string?)expected["setAside"] is { } setAside)
            Assert.Contains(HookClient.Cards(after), c =>
                ((string?)c["detail"])?.Contains($"{setAside} was set aside", StringComparison.Ordinal) == true
            );
        else if (documented.Covered != "conditional")
            Assert.DoesNotContain(HookClient.Cards(after).SelectMany(c => c["links"]?.AsArray() ?? []), l =>
                (string?)l!["url"] == DtrLaunchUrl
            );
    }

    [Fact]
    public async Task Without_a_configured_dtr_app_the_card_offers_only_our_own()
    {
        await using var factory = new CdsServiceFactory();
        using var client = factory.CreateClient();
        var expected = Expectations().First();
        var request = await File.ReadAllTextAsync(Path.Combine(Directory, (string)expected["base"]!));

        using var response = await client.PostRawAsync(HookClient.OrderSign, request);

        var links = HookClient.Cards(await response.ReadJsonAsync()).SelectMany(c => c["links"]?.AsArray() ?? []);
        var smart = Assert.Single(links, l => (string?)l!["type"] == "smart")!;
        Assert.EndsWith("/smart/launch", (string)smart["url"]!, StringComparison.Ordinal);
    }

    private async Task<JsonObject> PostAsync(string requestPath, string hook)
    {
        using var response = await _client.PostSampleAsync(Path.Combine(Directory, requestPath), hook);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    private static IEnumerable<JsonObject> Expectations() =>
        JsonNode
            .Parse(File.ReadAllText(Path.Combine(Directory, "expected.json")))!
            .AsArray()
            .Select(e => e!.AsObject());

    public Task InitializeAsync()
    {
        _client = _factory.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();
}
