using System.Net;
using System.Text.Json.Nodes;

namespace CryoCdsHooks.Web.Tests.Hosting;

/// <summary>
/// Errors the framework or the server produce, not an endpoint, get an OperationOutcome (or RFC 7807) too.
/// </summary>
public sealed class FrameworkErrorTests(CdsServiceFactoryFixture fixture) : IClassFixture<CdsServiceFactoryFixture>
{
    private static async Task<JsonObject> OutcomeAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
        var outcome = await response.ReadJsonAsync();
        Assert.Equal("OperationOutcome", (string?)outcome["resourceType"]);
        return outcome;
    }

    [Fact]
    public async Task A_wrong_method_gets_405_with_an_operation_outcome()
    {
        var response = await fixture.Client.DeleteAsync(HookClient.OrderSign);

        var outcome = await OutcomeAsync(response, HttpStatusCode.MethodNotAllowed);
        Assert.Contains("POST", (string?)outcome["issue"]![0]!["diagnostics"]);
    }

    [Fact]
    public async Task An_unknown_route_gets_404_with_an_operation_outcome()
    {
        await OutcomeAsync(await fixture.Client.GetAsync("/no/such/route"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_too_long_request_uri_gets_414_with_an_operation_outcome()
    {
        await OutcomeAsync(
            await fixture.Client.GetAsync("/cds-services?q=" + new string('a', 5000)),
            HttpStatusCode.RequestUriTooLong
        );
    }

    [Fact]
    public async Task Too_large_request_headers_get_431_with_an_operation_outcome()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/cds-services");
        request.Headers.Add("X-Padding", new string('a', 20_000));

        await OutcomeAsync(await fixture.Client.SendAsync(request), HttpStatusCode.RequestHeaderFieldsTooLarge);
    }

    [Fact]
    public async Task A_wrong_media_type_gets_415_with_an_operation_outcome()
    {
        await OutcomeAsync(
            await fixture.Client.PostRawAsync(HookClient.OrderSign, "{}", "text/plain"),
            HttpStatusCode.UnsupportedMediaType
        );
    }

    [Fact]
    public async Task A_client_asking_for_problem_details_gets_rfc_7807_for_a_framework_error()
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, HookClient.OrderSign);
        request.Headers.Accept.ParseAdd("application/problem+json");

        var response = await fixture.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(405, (int)(await response.ReadJsonAsync())["status"]!);
    }

    [Fact]
    public async Task An_error_body_lists_a_bounded_number_of_issues_and_never_a_long_echo()
    {
        var request = new PatientScenario().OrderSign();
        request["context"]!["draftOrders"]!["entry"] = new JsonArray(
            Enumerable
                .Range(0, 500)
                .Select(i =>
                    (JsonNode)
                        new JsonObject
                        {
                            ["resource"] = new JsonObject
                            {
                                ["resourceType"] = "ServiceRequest",
                                ["id"] = new string('x', 2000) + i,
                            },
                        }
                )
                .ToArray()
        );

        var response = await fixture.Client.PostJsonAsync(HookClient.OrderSign, request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(body.Length < 16 * 1024, $"{body.Length} characters");
        Assert.DoesNotContain(new string('x', 400), body);
    }
}
