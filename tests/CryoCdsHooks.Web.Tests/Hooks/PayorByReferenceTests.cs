using System.Net;
using System.Text.Json.Nodes;

namespace CryoCdsHooks.Web.Tests;

/// <summary>
/// Point 9 of issue 22: a Coverage whose payor is a bare <c>Organization/id</c> that cannot be read. It is answered
/// when it is the patient's only Coverage in force, and the card says the payer could not be confirmed; it is
/// never called "another payer".
/// </summary>
public sealed class PayorByReferenceTests(CdsServiceFactoryFixture fixture) : IClassFixture<CdsServiceFactoryFixture>
{
    private const string Order = "ServiceRequest/order-1";

    private static JsonObject BarePayor(string id)
    {
        var coverage = PatientScenario.Coverage(id);
        coverage["payor"] = new JsonArray(new JsonObject { ["reference"] = "Organization/org-unknown" });
        return coverage;
    }

    private async Task<JsonObject> SignAsync(params JsonObject[] coverages)
    {
        var scenario = new PatientScenario();
        scenario.Coverages.Clear();
        scenario.Coverages.AddRange(coverages);
        var response = await fixture.Client.PostJsonAsync(HookClient.OrderSign, scenario.OrderSign());
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    [Fact]
    public async Task Only_coverage_with_an_unreadable_payor_is_answered_and_the_card_says_the_payer_is_unconfirmed()
    {
        var body = await SignAsync(BarePayor("cov-bare"));

        var info = HookClient.CoverageInformationByOrder(body)[Order];
        Assert.Equal("covered", info.Covered);
        Assert.Equal("Coverage/cov-bare", info.CoverageReference);
        var card = Assert.Single(HookClient.Cards(body), c => HookClient.TopicOf(c) == "coverage-info" && ((string)c["summary"]!).Contains("meets policy"));
        Assert.Contains("Payer could not be confirmed", (string)card["detail"]!, StringComparison.Ordinal);
        Assert.Equal("warning", (string)card["indicator"]!);
        Assert.DoesNotContain("another payer", body.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreadable_payor_beside_another_coverage_in_force_is_not_answered_and_not_called_another_payer()
    {
        var body = await SignAsync(BarePayor("cov-bare"), PatientScenario.Coverage("cov-aetna", "Aetna Health Inc."));

        Assert.Empty(HookClient.CoverageInformationByOrder(body));
        var detail = (string)Assert.Single(HookClient.Cards(body))["detail"]!;
        Assert.Contains("1 Coverage record(s) of another payer", detail, StringComparison.Ordinal);
        Assert.Contains("1 Coverage record(s) name a payer that could not be identified", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Our_coverage_in_force_is_chosen_over_an_unreadable_payor()
    {
        var body = await SignAsync(BarePayor("cov-bare"), PatientScenario.Coverage("cov-ours"));

        Assert.Equal("Coverage/cov-ours", HookClient.CoverageInformationByOrder(body)[Order].CoverageReference);
        Assert.DoesNotContain("Payer could not be confirmed", body.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Coverage_of_which_the_patient_is_only_the_subscriber_is_not_theirs()
    {
        var dependant = PatientScenario.Coverage("cov-child");
        dependant["beneficiary"] = new JsonObject { ["reference"] = "Patient/child-1" };
        dependant["subscriber"] = new JsonObject { ["reference"] = $"Patient/{PatientScenario.PatientId}" };

        var body = await SignAsync(dependant);

        Assert.Empty(HookClient.CoverageInformationByOrder(body));
        Assert.StartsWith("No ", (string)Assert.Single(HookClient.Cards(body))["summary"]!, StringComparison.Ordinal);
    }
}
