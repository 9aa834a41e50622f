using System.Net;
using System.Text.Json.Nodes;

namespace CryoCdsHooks.Web.Tests;

/// <summary>Client mistakes get a 4xx with an OperationOutcome that says what is wrong, never a 500.</summary>
public sealed class HookErrorTests(CdsServiceFactoryFixture fixture) : IClassFixture<CdsServiceFactoryFixture>
{
    private readonly HttpClient _client = fixture.Client;

    public static TheoryData<string, Action<JsonObject>> InvalidRequests() =>
        new()
        {
            { "hook", r => r["hook"] = "order-select" },
            { "hook", r => r.Remove("hook") },
            { "hookInstance", r => r["hookInstance"] = "not-a-uuid" },
            { "context", r => r.Remove("context") },
            { "context.patientId", r => r["context"]!.AsObject().Remove("patientId") },
            { "context.userId", r => r["context"]!["userId"] = 42 },
            { "context.draftOrders", r => r["context"]!.AsObject().Remove("draftOrders") },
            {
                "context.draftOrders",
                r => r["context"]!["draftOrders"] = new JsonObject { ["resourceType"] = "Patient", ["id"] = "x" }
            },
            { "context.draftOrders", r => r["context"]!["draftOrders"]!["entry"]![0]!["resource"]!["status"] = 5 },
            { "context.draftOrders", r => r["context"]!["draftOrders"]!["entry"]![0]!["resource"]!["code"] = "50593" },
            {
                "prefetch.conditions",
                r =>
                    r["prefetch"]!["conditions"] = new JsonObject
                    {
                        ["resourceType"] = "Bundle",
                        ["type"] = "searchset",
                        ["total"] = "many",
                    }
            },
            {
                "prefetch.patient",
                r => r["prefetch"]!["patient"] = new JsonObject { ["resourceType"] = "NoSuchResource" }
            },
            { "prefetch", r => r["prefetch"] = "text" },
            {
                "fhirServer",
                r => r["fhirAuthorization"] = new JsonObject { ["access_token"] = "t", ["token_type"] = "Bearer" }
            },
            {
                "fhirAuthorization.token_type",
                r =>
                {
                    r["fhirServer"] = "http://127.0.0.1:1/fhir";
                    r["fhirAuthorization"] = new JsonObject { ["access_token"] = "t", ["token_type"] = "MAC" };
                }
            },
        };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public async Task Invalid_request_gets_400_with_an_operation_outcome_naming_the_field(
        string field,
        Action<JsonObject> breakRequest
    )
    {
        var request = new PatientScenario().OrderSign();
        breakRequest(request);

        var response = await _client.PostJsonAsync(HookClient.OrderSign, request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var outcome = await response.ReadJsonAsync();
        Assert.Equal("OperationOutcome", (string)outcome["resourceType"]!);
        var expressions = outcome["issue"]!
            .AsArray()
            .SelectMany(i => i!["expression"]?.AsArray() ?? [])
            .Select(e => (string)e!);
        Assert.Contains(expressions, e => e.StartsWith(field, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unknown_elements_and_missing_mandatory_elements_in_fhir_data_are_tolerated()
    {
        var request = new PatientScenario().OrderSign();
        request["context"]!["draftOrders"]!["entry"]![0]!["resource"]!["futureElement"] = "from a newer FHIR version";
        request["prefetch"]!["coverage"]!["entry"]![0]!["resource"]!.AsObject().Remove("status");

        var response = await _client.PostJsonAsync(HookClient.OrderSign, request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            "covered",
            HookClient.CoverageInformationByOrder(await response.ReadJsonAsync())["ServiceRequest/order-1"].Covered
        );
    }

    [Fact]
    public async Task Order_select_without_selections_is_rejected()
    {
        var request = new PatientScenario().OrderSelect();
        request["context"]!.AsObject().Remove("selections");

        var response = await _client.PostJsonAsync(HookClient.OrderSelect, request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Selection_that_is_not_a_draft_order_is_rejected()
    {
        var response = await _client.PostJsonAsync(
            HookClient.OrderSelect,
            new PatientScenario().OrderSelect("ServiceRequest/nope")
        );

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("{\"hook\": \"order-sign\", ")]
    [InlineData("[1, 2, 3]")]
    [InlineData("")]
    public async Task Malformed_json_gets_400(string body)
    {
        var response = await _client.PostRawAsync(HookClient.OrderSign, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("OperationOutcome", (string)(await response.ReadJsonAsync())["resourceType"]!);
    }

    [Fact]
    public async Task Deeply_nested_json_gets_400()
    {
        var body = new string('[', 500) + new string(']', 500);

        var response = await _client.PostRawAsync(HookClient.OrderSign, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Unknown_service_gets_404()
    {
        var response = await _client.PostJsonAsync("/cds-services/no-such-service", new PatientScenario().OrderSign());

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("OperationOutcome", (string)(await response.ReadJsonAsync())["resourceType"]!);
    }

    [Fact]
    public async Task Non_json_content_type_gets_415()
    {
        var response = await _client.PostRawAsync(
            HookClient.OrderSign,
            new PatientScenario().OrderSign().ToJsonString(),
            "text/plain"
        );

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Body_over_the_configured_limit_gets_413()
    {
        await using var factory = new CdsServiceFactory().With("CdsService:MaxRequestBodyBytes", "4096");
        var request = new PatientScenario().OrderSign();
        request["padding"] = new string('x', 5000);

        var response = await factory.CreateClient().PostJsonAsync(HookClient.OrderSign, request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Missing_prefetch_without_fhir_server_gets_412_naming_the_keys()
    {
        var request = new PatientScenario().OrderSign();
        request["prefetch"]!.AsObject().Remove("conditions");

        var response = await _client.PostJsonAsync(HookClient.OrderSign, request);

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Contains("conditions", (string)(await response.ReadJsonAsync())["issue"]![0]!["diagnostics"]!);
    }

    [Fact]
    public async Task Clients_asking_for_problem_details_get_rfc_7807()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, HookClient.OrderSign)
        {
            Content = new StringContent("{", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/problem+json");

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadJsonAsync();
        Assert.Equal(400, (int)problem["status"]!);
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["title"]));
    }

    [Fact]
    public async Task Repeating_an_answered_hook_instance_in_other_case_with_another_request_gets_409()
    {
        var hookInstance = Guid.NewGuid().ToString();
        var scenario = new PatientScenario();

        var first = await _client.PostJsonAsync(HookClient.OrderSign, scenario.OrderSign(hookInstance));
        // A UUID is the same in either case (an identical retry in upper case gets the stored answer, see
        // HookInstanceRuleTests); the request differs, so this is another call.
        scenario.EncounterClass = "IMP";
        var second = await _client.PostJsonAsync(
            HookClient.OrderSign,
            scenario.OrderSign(hookInstance.ToUpperInvariant())
        );

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("OperationOutcome", (string)(await second.ReadJsonAsync())["resourceType"]!);
    }
}
