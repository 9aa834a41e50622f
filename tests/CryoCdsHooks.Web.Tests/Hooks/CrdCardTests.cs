using System.Text.Json.Nodes;

namespace CryoCdsHooks.Web.Tests;

/// <summary>
/// CRD 2.2.1 and the Inferno CRD server assertions (issue 10 points 8, 9): systemActions always on order-sign, an
/// Instructions card (no links, no suggestions), a coverage card that adds evidence instead of restating the
/// extension, and a covered answer that names its route.
/// </summary>
public sealed class CrdCardTests(CdsServiceFactoryFixture fixture) : IClassFixture<CdsServiceFactoryFixture>
{
    private readonly HttpClient _client = fixture.Client;

    private async Task<JsonObject> SignAsync(PatientScenario scenario) =>
        await (await _client.PostJsonAsync(HookClient.OrderSign, scenario.OrderSign())).ReadJsonAsync();

    private static IReadOnlyList<JsonObject> InstructionsCards(JsonObject body) =>
        HookClient.Cards(body).Where(c => c["links"] is null && c["suggestions"] is null).ToList();

    [Fact]
    public async Task Order_select_with_no_order_under_policy_260_answers_with_an_empty_card_list_only()
    {
        var scenario = new PatientScenario();
        scenario.Orders[0] = PatientScenario.Order("order-1", "99213");

        var body = await (
            await _client.PostJsonAsync(HookClient.OrderSelect, scenario.OrderSelect("ServiceRequest/order-1"))
        ).ReadJsonAsync();

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"cards":[]}"""), body));
    }

    [Fact]
    public async Task Covered_coverage_card_shows_the_route_and_not_needed_criteria_without_restating_the_extension()
    {
        var body = await SignAsync(new PatientScenario());

        var info = HookClient.CoverageInformationByOrder(body)["ServiceRequest/order-1"];
        var card = HookClient.Cards(body).Single(c => HookClient.TopicOf(c) == "coverage-info");
        var detail = (string)card["detail"]!;
        Assert.Contains(
            "**Route that satisfied the policy:** Not a surgical candidate",
            detail,
            StringComparison.Ordinal
        );
        Assert.Contains("| The individual has one kidney | not needed |", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("| unknown |", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("| not met |", detail, StringComparison.Ordinal);
        Assert.DoesNotContain(info.AssertionId, detail, StringComparison.Ordinal);
        Assert.DoesNotContain("no-auth", detail, StringComparison.Ordinal);
        Assert.Empty(InstructionsCards(body));
    }

    [Fact]
    public async Task Conditional_answer_comes_with_an_instructions_card_saying_what_to_document()
    {
        var scenario = new PatientScenario();
        scenario.Observations.RemoveAll(o => (string?)o["id"] == "att-1");

        var body = await SignAsync(scenario);

        var card = Assert.Single(InstructionsCards(body));
        Assert.Equal("coverage-info", HookClient.TopicOf(card));
        Assert.Equal("info", (string)card["indicator"]!);
        Assert.True(((string)card["summary"]!).Length < 140);
        Assert.Contains(
            "Whether the individual is a surgical candidate",
            (string)card["detail"]!,
            StringComparison.Ordinal
        );
    }

    [Fact]
    public async Task Inpatient_answer_comes_with_an_instructions_card_on_requesting_prior_authorization()
    {
        var body = await SignAsync(new PatientScenario { EncounterClass = "IMP" });

        var card = Assert.Single(InstructionsCards(body));
        Assert.Contains("prior authorization", (string)card["summary"]!, StringComparison.Ordinal);
        Assert.Contains("requires precertification", (string)card["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Turning_the_coverage_card_off_also_turns_off_its_instructions()
    {
        var scenario = new PatientScenario { EncounterClass = "IMP" };
        var request = scenario.OrderSign();
        request["extension"] = new JsonObject
        {
            ["davinci-crd.configuration"] = new JsonObject { ["coverage-info"] = false },
        };

        var body = await (await _client.PostJsonAsync(HookClient.OrderSign, request)).ReadJsonAsync();

        Assert.Empty(InstructionsCards(body));
        Assert.Single(body["systemActions"]!.AsArray());
    }
}
