using System.Net;
using System.Text.Json.Nodes;

namespace CryoCdsHooks.Web.Tests;

public sealed class HookInvocationTests(CdsServiceFactoryFixture fixture) : IClassFixture<CdsServiceFactoryFixture>
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task Covered_order_gets_a_system_action_echoing_the_draft_unchanged_plus_coverage_information()
    {
        var scenario = new PatientScenario();
        var request = scenario.OrderSign();

        var response = await _client.PostJsonAsync(HookClient.OrderSign, request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        var action = body["systemActions"]!.AsArray().Single()!.AsObject();
        Assert.Equal("update", (string)action["type"]!);
        Assert.False(string.IsNullOrWhiteSpace((string?)action["description"]));

        var echoed = action["resource"]!.DeepClone().AsObject();
        var extensions = echoed["extension"]!.AsArray();
        echoed.Remove("extension");
        Assert.True(
            JsonNode.DeepEquals(scenario.Orders[0], echoed),
            "Only the extension may be added to the draft order."
        );

        var info = HookClient.CoverageInformationByOrder(body)["ServiceRequest/order-1"];
        Assert.Single(extensions);
        Assert.Equal("covered", info.Covered);
        Assert.Equal("no-auth", info.PaNeeded);
        Assert.Equal("Coverage/cov-1", info.CoverageReference);
        Assert.True(Guid.TryParse(info.AssertionId, out _));
        Assert.Single(info.Parts("date"));
        Assert.Single(info.Parts("detail"));
    }

    [Fact]
    public async Task Coverage_card_names_the_insurer_the_card_type_and_each_criterion()
    {
        var response = await _client.PostJsonAsync(HookClient.OrderSign, new PatientScenario().OrderSign());

        var card = HookClient
            .Cards(await response.ReadJsonAsync())
            .Single(c => HookClient.TopicOf(c) == "coverage-info");
        Assert.Equal("Blue Cross Blue Shield of Massachusetts", (string)card["source"]!["label"]!);
        Assert.Equal(
            "http://terminology.hl7.org/CodeSystem/cdshooks-card-type",
            (string)card["source"]!["topic"]!["system"]!
        );
        Assert.True(((string)card["summary"]!).Length < 140);
        Assert.Equal("info", (string)card["indicator"]!);
        Assert.True(Guid.TryParse((string)card["uuid"]!, out _));
        var detail = (string)card["detail"]!;
        Assert.Contains("| Criterion | Status | Evidence | Policy |", detail);
        Assert.Contains("Observation/size-1", detail);
        Assert.Equal(
            "ServiceRequest/order-1",
            (string)card["extension"]!["davinci-crd.associated-resource"]![0]!["reference"]!
        );
    }

    [Fact]
    public async Task Inpatient_setting_requires_prior_authorization()
    {
        var scenario = new PatientScenario { EncounterClass = "IMP" };

        var body = await (await _client.PostJsonAsync(HookClient.OrderSign, scenario.OrderSign())).ReadJsonAsync();

        Assert.Equal("auth-needed", HookClient.CoverageInformationByOrder(body)["ServiceRequest/order-1"].PaNeeded);
    }

    [Fact]
    public async Task Missing_criterion_gives_conditional_with_info_needed_a_smart_link_and_alternatives()
    {
        var scenario = new PatientScenario();
        scenario.Observations.RemoveAll(o => (string?)o["id"] == "att-1");

        var body = await (await _client.PostJsonAsync(HookClient.OrderSign, scenario.OrderSign())).ReadJsonAsync();

        var info = HookClient.CoverageInformationByOrder(body)["ServiceRequest/order-1"];
        Assert.Equal("conditional", info.Covered);
        Assert.Contains("OTH", info.Codes("info-needed"));
        Assert.Equal(["clinical"], info.Codes("doc-needed"));
        Assert.NotEmpty(info.Parts("reason"));

        var cards = HookClient.Cards(body).ToList();
        var smart = cards.SelectMany(c => c["links"]?.AsArray() ?? []).Single(l => (string?)l!["type"] == "smart")!;
        var appContext = JsonNode.Parse((string)smart["appContext"]!)!;
        Assert.Equal("ServiceRequest/order-1", (string)appContext["order"]!);
        Assert.Contains("surgical-candidacy", appContext["missing"]!.AsArray().Select(m => (string)m!));
        Assert.StartsWith("http", (string)smart["url"]!);

        var alternatives = cards.Single(c => HookClient.TopicOf(c) == "therapy-alternatives-opt");
        Assert.Equal("at-most-one", (string)alternatives["selectionBehavior"]!);
        var suggestion = alternatives["suggestions"]!.AsArray().First()!;
        Assert.True(Guid.TryParse((string)suggestion["uuid"]!, out _));
        var actions = suggestion["actions"]!.AsArray();
        Assert.Equal(
            ("delete", "ServiceRequest/order-1"),
            ((string)actions[0]!["type"]!, (string)actions[0]!["resourceId"]!)
        );
        Assert.Equal("create", (string)actions[1]!["type"]!);
        Assert.Equal("ServiceRequest", (string)actions[1]!["resource"]!["resourceType"]!);
    }

    [Fact]
    public async Task Order_select_is_not_asked_for_documentation()
    {
        var scenario = new PatientScenario();
        scenario.Observations.RemoveAll(o => (string?)o["id"] == "att-1");

        var body = await (
            await _client.PostJsonAsync(HookClient.OrderSelect, scenario.OrderSelect("ServiceRequest/order-1"))
        ).ReadJsonAsync();

        var info = HookClient.CoverageInformationByOrder(body)["ServiceRequest/order-1"];
        Assert.Equal("conditional", info.Covered);
        Assert.Empty(info.Codes("doc-needed"));
    }

    [Fact]
    public async Task Order_select_answers_only_the_selected_orders()
    {
        var scenario = new PatientScenario();
        scenario.Orders.Add(PatientScenario.Order("order-2", "32994"));

        var body = await (
            await _client.PostJsonAsync(HookClient.OrderSelect, scenario.OrderSelect("ServiceRequest/order-2"))
        ).ReadJsonAsync();

        Assert.Equal(["ServiceRequest/order-2"], HookClient.CoverageInformationByOrder(body).Keys);
    }

    [Fact]
    public async Task Order_sign_answers_every_draft_order_separately()
    {
        var scenario = new PatientScenario();
        scenario.Orders.Add(PatientScenario.Order("order-2", "20983"));

        var body = await (await _client.PostJsonAsync(HookClient.OrderSign, scenario.OrderSign())).ReadJsonAsync();

        var answers = HookClient.CoverageInformationByOrder(body);
        Assert.Equal("covered", answers["ServiceRequest/order-1"].Covered);
        Assert.Equal("not-covered", answers["ServiceRequest/order-2"].Covered);
        Assert.Null(answers["ServiceRequest/order-2"].PaNeeded);
        Assert.NotEqual(answers["ServiceRequest/order-1"].AssertionId, answers["ServiceRequest/order-2"].AssertionId);
        var associated = HookClient
            .Cards(body)
            .Select(c => (string)c["extension"]!["davinci-crd.associated-resource"]![0]!["reference"]!)
            .ToHashSet();
        Assert.Equal(["ServiceRequest/order-1", "ServiceRequest/order-2"], associated.Order());
    }

    [Fact]
    public async Task Orders_outside_the_policy_get_an_empty_card_list_and_on_order_sign_empty_system_actions()
    {
        var scenario = new PatientScenario();
        scenario.Orders[0] = PatientScenario.Order("order-1", "47381");

        var response = await _client.PostJsonAsync(HookClient.OrderSign, scenario.OrderSign());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Inferno's CRD server tests expect systemActions on every order-sign response.
        Assert.True(
            JsonNode.DeepEquals(JsonNode.Parse("""{"cards":[],"systemActions":[]}"""), await response.ReadJsonAsync())
        );
    }

    [Fact]
    public async Task Crd_configuration_turns_card_types_off_but_keeps_the_system_action()
    {
        var scenario = new PatientScenario();
        scenario.Observations.RemoveAll(o => (string?)o["id"] == "att-1");
        var request = scenario.OrderSign();
        request["extension"] = new JsonObject
        {
            ["davinci-crd.configuration"] = new JsonObject
            {
                ["coverage-info"] = false,
                ["therapy-alternatives-opt"] = false,
                ["unknown-option"] = true,
            },
        };

        var body = await (await _client.PostJsonAsync(HookClient.OrderSign, request)).ReadJsonAsync();

        Assert.Empty(body["cards"]!.AsArray());
        Assert.Single(body["systemActions"]!.AsArray());
    }

    [Fact]
    public async Task Crd_configuration_options_of_the_wrong_type_are_ignored()
    {
        var request = new PatientScenario().OrderSign();
        request["extension"] = new JsonObject
        {
            ["davinci-crd.configuration"] = new JsonObject { ["coverage-info"] = "no", ["max-cards"] = "x" },
        };

        var body = await (await _client.PostJsonAsync(HookClient.OrderSign, request)).ReadJsonAsync();

        Assert.Contains(HookClient.Cards(body), c => HookClient.TopicOf(c) == "coverage-info");
    }

    [Fact]
    public async Task Max_cards_caps_the_number_of_cards()
    {
        var scenario = new PatientScenario();
        scenario.Orders.Add(PatientScenario.Order("order-2", "20983"));
        var request = scenario.OrderSign();
        request["extension"] = new JsonObject { ["davinci-crd.configuration"] = new JsonObject { ["max-cards"] = 1 } };

        var body = await (await _client.PostJsonAsync(HookClient.OrderSign, request)).ReadJsonAsync();

        Assert.Single(body["cards"]!.AsArray());
        Assert.Equal(2, body["systemActions"]!.AsArray().Count);
    }

    [Fact]
    public async Task Unknown_fields_in_the_request_are_ignored()
    {
        var request = new PatientScenario().OrderSign();
        request["somethingNew"] = new JsonObject { ["x"] = 1 };
        request["context"]!["futureField"] = "value";

        var response = await _client.PostJsonAsync(HookClient.OrderSign, request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Patient_without_coverage_gets_no_coverage_information_and_a_card_saying_so()
    {
        var scenario = new PatientScenario { HasCoverage = false };

        var body = await (await _client.PostJsonAsync(HookClient.OrderSign, scenario.OrderSign())).ReadJsonAsync();

        // CRD 2.2.1: coverage-information needs a Coverage (1..1); without one of ours there is none to return.
        Assert.Empty(HookClient.CoverageInformationByOrder(body));
        var card = Assert.Single(HookClient.Cards(body));
        Assert.Equal(
            "No Blue Cross Blue Shield of Massachusetts coverage found for 2026-11-20",
            (string)card["summary"]!
        );
    }

    [Fact]
    public async Task Explicit_null_prefetch_means_no_data_not_a_missing_key()
    {
        var request = new PatientScenario().OrderSign();
        request["prefetch"]!["observations"] = null;

        var response = await _client.PostJsonAsync(HookClient.OrderSign, request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var info = HookClient.CoverageInformationByOrder(await response.ReadJsonAsync())["ServiceRequest/order-1"];
        Assert.Equal("conditional", info.Covered);
    }

    [Fact]
    public async Task Prefetch_operation_outcome_without_fhir_access_gives_indeterminate_technical()
    {
        var request = new PatientScenario().OrderSign();
        request["prefetch"]!["conditions"] = PatientScenario.Bundle(
            "searchset",
            [
                new JsonObject
                {
                    ["resourceType"] = "OperationOutcome",
                    ["issue"] = new JsonArray(new JsonObject { ["severity"] = "error", ["code"] = "exception" }),
                },
            ]
        );

        var response = await _client.PostJsonAsync(HookClient.OrderSign, request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        var info = HookClient.CoverageInformationByOrder(body)["ServiceRequest/order-1"];
        Assert.Equal("indeterminate", info.Covered);
        Assert.Contains("technical", info.ReasonCodes);
        Assert.Contains(HookClient.Cards(body), c => (string)c["indicator"]! == "warning");
    }
}
