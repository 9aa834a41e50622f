using System.Net;
using System.Text.Json.Nodes;

namespace CryoCdsHooks.Web.Tests;

/// <summary>
/// Well-formed FHIR with hostile values, through the HTTP service (issue 13 point 1, issue 14 points 1-3, 5, 6):
/// a 200 whose answer does not use the value as evidence and says so, never a 500, never injected markdown.
/// </summary>
public sealed class HostileRecordTests(CdsServiceFactoryFixture fixture) : IClassFixture<CdsServiceFactoryFixture>
{
    private readonly HttpClient _client = fixture.Client;

    /// <summary>The covered scenario without its size: whatever a size observation says decides.</summary>
    private static PatientScenario WithSize(JsonObject size)
    {
        var scenario = new PatientScenario();
        scenario.Observations.RemoveAll(o => (string?)o["id"] == "size-1");
        scenario.Observations.Add(size);
        return scenario;
    }

    private static JsonObject Size(JsonNode value, string unit = "cm") =>
        PatientScenario.Observation(
            "size-9",
            "21889-1",
            "2026-11-01",
            "valueQuantity",
            new JsonObject
            {
                ["value"] = value,
                ["unit"] = unit,
                ["system"] = "http://unitsofmeasure.org",
                ["code"] = unit,
            }
        );

    private async Task<(JsonObject Body, string Covered, string Detail)> SignAsync(PatientScenario scenario)
    {
        var response = await _client.PostJsonAsync(HookClient.OrderSign, scenario.OrderSign());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        var covered = HookClient.CoverageInformationByOrder(body)["ServiceRequest/order-1"].Covered;
        var detail = (string)HookClient.Cards(body).First(c => HookClient.TopicOf(c) == "coverage-info")["detail"]!;
        return (body, covered, detail);
    }

    public static TheoryData<string, string> InvalidSizes() =>
        new()
        {
            { "-3", "cm" },
            { "-0", "cm" },
            { "0", "mm" },
            { "1e28", "cm" },
            { "79228162514264337593543950335", "[in_i]" },
        };

    [Theory]
    [MemberData(nameof(InvalidSizes))]
    public async Task Invalid_tumor_sizes_are_noted_and_ask_for_the_size(string value, string unit)
    {
        var (_, covered, detail) = await SignAsync(WithSize(Size(JsonNode.Parse(value)!, unit)));

        Assert.Equal("conditional", covered);
        Assert.Contains("tumor size is not a valid value", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_size_beyond_the_decimal_range_is_refused_or_ignored_never_a_500()
    {
        var response = await _client.PostRawAsync(
            HookClient.OrderSign,
            WithSize(Size(0m))
                .OrderSign()
                .ToJsonString()
                .Replace("\"value\":0", "\"value\":1e309", StringComparison.Ordinal)
        );

        // The FHIR parser refuses a number no decimal can hold: the prefetch key is invalid (400, OperationOutcome).
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("OperationOutcome", (string?)(await response.ReadJsonAsync())["resourceType"]);
    }

    public static TheoryData<string> InvalidEgfrStrings() =>
        new()
        {
            "٥٧", // Arabic-Indic digits
            "99999999999999999999999999999999999",
            "-0",
            "57" + new string(' ', 300) + "mL/min/1.73m2",
            new string('9', 255),
        };

    [Theory]
    [MemberData(nameof(InvalidEgfrStrings))]
    public async Task Hostile_egfr_strings_are_not_evidence(string text)
    {
        // A surgical candidate whose resection would worsen kidney function: the eGFR alone decides.
        var scenario = new PatientScenario();
        scenario.Observations.RemoveAll(o => (string?)o["id"] == "att-1");
        scenario.Observations.Add(PatientScenario.Attestation("att-2", "surgical-candidate", true));
        scenario.Observations.Add(PatientScenario.Attestation("att-3", "resection-worsens-kidney-function", true));
        scenario.Observations.Add(
            PatientScenario.Observation("egfr-1", "98979-8", "2026-11-05", "valueString", JsonValue.Create(text))
        );

        var (_, covered, detail) = await SignAsync(scenario);

        Assert.Equal("conditional", covered);
        Assert.Contains("| unknown |", detail, StringComparison.Ordinal);
    }

    private static PatientScenario DatedEverywhere(string date)
    {
        var scenario = new PatientScenario();
        scenario.Orders[0]["authoredOn"] = date;
        foreach (var observation in scenario.Observations)
            observation["effectiveDateTime"] = date;
        return scenario;
    }

    [Theory]
    [InlineData("0001-01-01")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("9999-12-31")]
    [InlineData("9999-12-31T23:59:59Z")]
    [InlineData("2026-11-20T23:30:00+13:45")]
    public async Task Orders_and_readings_dated_at_the_calendar_edges_are_answered(string date)
    {
        var response = await _client.PostJsonAsync(HookClient.OrderSign, DatedEverywhere(date).OrderSign());

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Single(HookClient.CoverageInformationByOrder(await response.ReadJsonAsync()));
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00+14:00")]
    [InlineData("9999-12-31T23:59:59-14:00")]
    public async Task Dates_that_leave_the_calendar_in_utc_are_refused_by_the_fhir_parser_not_a_500(string date)
    {
        var response = await _client.PostJsonAsync(HookClient.OrderSign, DatedEverywhere(date).OrderSign());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(
            "authoredOn",
            (string?)(await response.ReadJsonAsync())["issue"]![0]!["diagnostics"],
            StringComparison.Ordinal
        );
        Assert.Equal(
            HttpStatusCode.OK,
            (await _client.PostJsonAsync(HookClient.OrderSign, new PatientScenario().OrderSign())).StatusCode
        );
    }

    [Fact]
    public async Task Long_stage_text_is_not_read_and_is_noted()
    {
        var scenario = new PatientScenario();
        var stage = PatientScenario.Observation(
            "stage-1",
            "21908-9",
            "2026-11-02",
            "valueCodeableConcept",
            new JsonObject { ["text"] = string.Concat(Enumerable.Repeat("Stage IV ", 100)) }
        );
        scenario.Observations.Add(stage);

        var (_, covered, detail) = await SignAsync(scenario);

        Assert.Equal("covered", covered);
        Assert.Contains("was not read as evidence", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_record_with_many_matching_resources_lists_a_few_per_criterion_in_the_card()
    {
        var scenario = new PatientScenario();
        for (var i = 2; i <= 40; i++)
            scenario.Conditions.Add(
                PatientScenario.Condition($"rcc-{i}", "http://hl7.org/fhir/sid/icd-10-cm", "C64.1")
            );

        var (_, _, detail) = await SignAsync(scenario);

        var row = detail
            .Split('\n')
            .Single(l => l.Contains("renal cell carcinoma is the treated tumor", StringComparison.Ordinal));
        Assert.Equal(5, row.Split("(Condition/rcc-").Length - 1);
        Assert.Contains("; and 35 more |", row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_different_observations_with_one_id_decide_nothing()
    {
        var scenario = new PatientScenario();
        scenario.Observations.Add(PatientScenario.Quantity("size-1", "21889-1", 6.0m, "cm"));

        var (_, covered, detail) = await SignAsync(scenario);

        Assert.Equal("conditional", covered);
        Assert.Contains("Observation/size-1\\: different resources share this id", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Record_text_cannot_inject_markdown_into_the_card()
    {
        const string hostile =
            "Renal cell carcinoma\n# Heading\n[click here](https://evil.example/x) ![img](https://evil.example/p.png) "
            + "<img src=x onerror=alert(1)> | injected | cell | www.evil.example `code` **bold** \u202Eevil";
        var scenario = new PatientScenario();
        scenario.Conditions[0]["code"]!["coding"]![0]!["display"] = hostile;
        scenario.Conditions[0]["id"] = "rcc-1";

        var (_, _, detail) = await SignAsync(scenario);

        foreach (
            var fragment in new[]
            {
                "\n# Heading",
                "[click here](",
                "![img](",
                "https://",
                "www.evil",
                "`code`",
                "**bold**",
                "\u202E",
            }
        )
            Assert.DoesNotContain(fragment, detail, StringComparison.Ordinal);
        Assert.Contains("\\<img", detail, StringComparison.Ordinal);
        Assert.All(detail.Select((c, i) => (c, i)).Where(x => x.c == '<'), x => Assert.Equal('\\', detail[x.i - 1]));
        foreach (var row in detail.Split('\n').Where(l => l.StartsWith('|')))
            Assert.Equal(5, UnescapedPipes(row));
    }

    private static int UnescapedPipes(string line) =>
        line.Where((c, i) => c == '|' && (i == 0 || line[i - 1] != '\\')).Count();
}
