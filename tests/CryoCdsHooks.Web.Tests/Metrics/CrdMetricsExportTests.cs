using System.Net;
using System.Text.Json.Nodes;
using CryoCdsHooks.FhirAccess;
using CryoCdsHooks.PolicyEngine;
using CryoCdsHooks.Web.Hooks;
using CryoCdsHooks.Web.Metrics;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace CryoCdsHooks.Web.Tests.Beyond;

/// <summary>CRD metric data: one record per hook call, derived from the audit and joined with card feedback.</summary>
public sealed class CrdMetricsExportTests : IAsyncLifetime
{
    private readonly CdsServiceFactory _factory = new();
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _client = _factory.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Each_call_becomes_a_CRDMetricData_record_with_coverage_info_engagement_and_the_share_under_5_s()
    {
        var patient = new PatientScenario();
        // conditional: a coverage card and an alternatives card
        patient.Observations.RemoveAll(o => (string?)o["id"] == "att-1");
        var sign = await _client.PostJsonAsync(HookClient.OrderSign, patient.OrderSign());
        var body = await sign.ReadJsonAsync();
        var cards = HookClient.Cards(body).ToList();
        var alternatives = cards.Single(c => HookClient.TopicOf(c) == "therapy-alternatives-opt");
        var suggestion = alternatives["suggestions"]![0]!;
        await _client.PostJsonAsync(
            HookClient.OrderSign + "/feedback",
            new JsonObject
            {
                ["feedback"] = new JsonArray(
                    new JsonObject
                    {
                        ["card"] = (string)alternatives["uuid"]!,
                        ["outcome"] = "accepted",
                        ["acceptedSuggestions"] = new JsonArray(
                            new JsonObject { ["id"] = (string)suggestion["uuid"]! }
                        ),
                        ["outcomeTimestamp"] = DateTimeOffset.UtcNow.ToString("O"),
                    }
                ),
            }
        );
        var bad = await _client.PostJsonAsync(HookClient.OrderSelect, new JsonObject { ["hook"] = "order-select" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        var export = await (await _client.GetAsync("/crd-metrics")).ReadJsonAsync();

        var records = export["records"]!.AsArray().Select(r => r!.AsObject()).ToList();
        Assert.Equal(2, records.Count);
        var answered = records.Single(r => (int)r["httpResponse"]! == 200);
        Assert.Equal("payer-src", (string?)answered["source"]);
        Assert.Equal("order-sign", (string?)answered["hookType"]);
        Assert.Equal("not-used", (string?)answered["tokenUse"]);
        Assert.Contains(answered["resources"]!.AsArray(), r =>
            (string?)r!["type"] == "Observation" && (int)r["count"]! == 3 && (bool)r["prefetch"]!
        );
        Assert.True(
            DateTimeOffset.Parse((string)answered["responseTime"]!)
                >= DateTimeOffset.Parse((string)answered["requestTime"]!)
        );
        var order = Assert.Single(answered["request"]!.AsArray())!;
        Assert.Equal("50593", (string?)order["orderDetail"]!["coding"]![0]!["code"]);
        var responses = order["response"]!.AsArray().Select(r => r!.AsObject()).ToList();
        var coverageInfo = Assert.Single(
            responses.Single(r => (string?)r["type"] == "coverage-info" && r["coverageInfo"] is not null)[
                "coverageInfo"
            ]!.AsArray()
        )!;
        Assert.Equal("conditional", (string?)coverageInfo["covered"]);
        Assert.Equal("clinical", (string?)coverageInfo["docNeeded"]);
        Assert.Equal(
            HookClient.CoverageInformationByOrder(body)["ServiceRequest/order-1"].AssertionId,
            (string?)coverageInfo["assertionId"]
        );
        var engaged = responses.Single(r => (string?)r["type"] == "therapy-alternatives-opt");
        Assert.Equal("accept", (string?)engaged["engagement"]);
        Assert.Equal((string?)suggestion["label"], (string?)engaged["acceptedSuggestions"]![0]);
        // The coverage card and the Instructions card (both coverage-info cards without a systemAction of their own).
        Assert.All(responses.Where(r => r["coverageInfo"] is null && (string?)r["type"] == "coverage-info"), r =>
            Assert.Equal("ignore", (string?)r["engagement"])
        );

        var rejected = records.Single(r => (int)r["httpResponse"]! == 400);
        Assert.NotEmpty(rejected["issue"]!.AsArray());

        var all = export["summary"]!.AsArray().Single(s => (string?)s!["hookType"] == "all")!;
        Assert.Equal(2, (int)all["invocations"]!);
        Assert.Equal(1, (int)all["answered"]!);
        Assert.Equal(1.0, (double)all["shareAnsweredUnderFiveSeconds"]!);
        Assert.Equal(1, (int)all["ordersByCovered"]!["conditional"]!);
    }

    [Fact]
    public async Task A_conditional_inpatient_order_counts_as_auth_needed_with_the_questionnaire_it_was_given()
    {
        var patient = new PatientScenario { EncounterClass = "IMP" };
        patient.Observations.RemoveAll(o => (string?)o["id"] == "att-1"); // candidacy unknown: conditional
        var body = await (await _client.PostJsonAsync(HookClient.OrderSign, patient.OrderSign())).ReadJsonAsync();
        var given = HookClient.CoverageInformationByOrder(body)["ServiceRequest/order-1"];
        Assert.Equal("auth-needed", given.PaNeeded);

        var export = await (await _client.GetAsync("/crd-metrics")).ReadJsonAsync();

        var coverageInfo = export["records"]![0]!["request"]![0]!["response"]!
            .AsArray()
            .Select(r => r!["coverageInfo"])
            .Single(c => c is not null)![0]!;
        var questionnaire = Assert.Single(coverageInfo["questionnaire"]!.AsArray())!;
        Assert.StartsWith("http://cryocdshooks.org/fhir/Questionnaire/mp260-", (string?)questionnaire["reference"]);
        Assert.False((bool)questionnaire["adaptive"]!);
        Assert.False((bool)questionnaire["response"]!);
        var all = export["summary"]!.AsArray().Single(s => (string?)s!["hookType"] == "all")!;
        Assert.Equal(1, (int)all["ordersAuthNeeded"]!);
        Assert.Equal(1, (int)all["ordersAuthNeededWithQuestionnaire"]!);
    }

    [Fact]
    public async Task Ndjson_export_has_one_line_per_call_in_the_date_range()
    {
        await _client.PostJsonAsync(HookClient.OrderSign, new PatientScenario().OrderSign());
        await _client.PostJsonAsync(
            HookClient.OrderSelect,
            new PatientScenario().OrderSelect("ServiceRequest/order-1")
        );

        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
        var tomorrow = DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd");
        var inRange = await _client.GetAsync($"/crd-metrics?format=ndjson&from={today}&to={tomorrow}");
        var later = await _client.GetStringAsync(
            $"/crd-metrics?format=ndjson&from={tomorrow}&to={DateTime.UtcNow.AddDays(2):yyyy-MM-dd}"
        );

        Assert.Equal(CrdMetricsEndpoints.NdjsonContentType, inRange.Content.Headers.ContentType?.MediaType);
        var lines = (await inRange.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["order-sign", "order-select"], lines.Select(l => (string?)JsonNode.Parse(l)!["hookType"]));
        Assert.Empty(later.Trim());
    }

    [Theory]
    [InlineData("from=yesterday")]
    [InlineData("from=2026-12-02&to=2026-12-01")]
    [InlineData("format=csv")]
    public async Task A_bad_range_or_format_is_a_400_OperationOutcome(string query)
    {
        var response = await _client.GetAsync($"/crd-metrics?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("OperationOutcome", (string?)(await response.ReadJsonAsync())["resourceType"]);
    }

    [Fact]
    public void Token_use_is_used_when_data_was_queried_and_rejected_when_the_server_refused_the_token()
    {
        var record = new PatientRecord
        {
            Observations = [new Observation()],
            Conditions = [new Condition(), new Condition()],
        };

        var prefetched = CrdDataUse.From(new PatientRecordLoadResult(record, []));
        var queried = CrdDataUse.From(new PatientRecordLoadResult(record, [], [PrefetchTemplateCatalog.ConditionsKey]));
        var refused = CrdDataUse.From(
            new PatientRecordLoadResult(
                record,
                [new DataProblem(PrefetchTemplateCatalog.ObservationsKey, DataProblemKind.Unauthorized, "401")],
                [PrefetchTemplateCatalog.ObservationsKey]
            )
        );

        Assert.Equal(CrdDataUse.NotUsed, prefetched.TokenUse);
        Assert.Equal(CrdDataUse.Used, queried.TokenUse);
        Assert.Equal(CrdDataUse.Rejected, refused.TokenUse);
        Assert.Equal(
            [new CrdResourceUse("Condition", 2, Prefetch: false), new CrdResourceUse("Observation", 1, Prefetch: true)],
            queried.Resources
        );
    }
}
