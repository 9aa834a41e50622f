using System.Net;
using System.Text.Json.Nodes;

namespace CryoCdsHooks.Web.Tests.Beyond;

/// <summary>The policy edition an order was judged by travels in the coverage-information and on every card.</summary>
public sealed class PolicyVersionInAnswersTests(CdsServiceFactoryFixture fixture)
    : IClassFixture<CdsServiceFactoryFixture>
{
    private const string Label =
        "Medical Policy 260, version 9/2024 (reviewed 2024-09; statements effective 2018-04-01)";

    [Fact]
    public async Task Coverage_information_names_the_policy_version_on_its_policy_link()
    {
        var body = await SignAsync(new PatientScenario());

        var info = HookClient.CoverageInformationByOrder(body)["ServiceRequest/order-1"];
        var detail = Assert.Single(info.Parts("detail"));
        var qualification = detail["extension"]!.AsArray().Single(p => (string?)p!["url"] == "qualification")!;
        Assert.Equal(Label, (string?)qualification["valueString"]);
    }

    [Fact]
    public async Task Every_card_names_the_policy_version()
    {
        var patient = new PatientScenario();
        // candidacy unknown: coverage and alternatives cards
        patient.Observations.RemoveAll(o => (string?)o["id"] == "att-1");

        var cards = HookClient.Cards(await SignAsync(patient)).ToList();

        Assert.True(cards.Count >= 2);
        Assert.All(cards, card => Assert.Contains(Label, (string?)card["detail"]));
    }

    [Fact]
    public async Task An_order_dated_before_any_edition_in_force_is_conditional_asking_for_the_date_of_service()
    {
        var patient = new PatientScenario();
        patient.Orders[0] = PatientScenario.Order("order-1", "50593", authoredOn: "2017-06-01");

        var info = HookClient.CoverageInformationByOrder(await SignAsync(patient))["ServiceRequest/order-1"];

        Assert.Equal("conditional", info.Covered);
    }

    private async Task<JsonObject> SignAsync(PatientScenario patient)
    {
        var response = await fixture.Client.PostJsonAsync(HookClient.OrderSign, patient.OrderSign());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }
}
