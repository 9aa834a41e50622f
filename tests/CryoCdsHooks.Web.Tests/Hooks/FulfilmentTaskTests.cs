using System.Net;
using System.Text.Json.Nodes;
using static CryoCdsHooks.Web.Tests.WorkflowRequests;

namespace CryoCdsHooks.Web.Tests.Hooks;

/// <summary>
/// Issue 25: order-dispatch's fulfilment Tasks are read as FHIR defines a Task (for the hook's patient, focused on a
/// dispatched order, still to be fulfilled, no unknown modifierExtension) and never answered on themselves: CRD's
/// coverage-information extension has no Task context, so it goes on the dispatched order.
/// </summary>
public sealed class FulfilmentTaskTests(CdsServiceFactoryFixture fixture) : IClassFixture<CdsServiceFactoryFixture>
{
    /// <summary>
    /// The order dispatched to an organization whose type names no setting, with a Task to be done at an inpatient
    /// ward, and no Encounter: without the Task the setting is unknown (prior authorization conditional).
    /// </summary>
    private static JsonObject DispatchWithTask(Action<JsonObject>? change = null, string field = "fulfillmentTasks")
    {
        var request = Dispatch(
            new PatientScenario(),
            Organization("org-1", "http://example.org/local-org-types", "x"),
            Location("ward-1", "21")
        );
        var task = new JsonObject
        {
            ["resourceType"] = "Task",
            ["id"] = "task-1",
            ["status"] = "requested",
            ["intent"] = "order",
            ["focus"] = new JsonObject { ["reference"] = "ServiceRequest/order-1" },
            ["for"] = new JsonObject { ["reference"] = $"Patient/{PatientScenario.PatientId}" },
            ["location"] = new JsonObject { ["reference"] = "Location/ward-1" },
        };
        change?.Invoke(task);
        request["context"]![field] = field == "task" ? task : new JsonArray(task);
        return request;
    }

    private async Task<JsonObject> AnswerAsync(JsonObject request)
    {
        var response = await fixture.Client.PostJsonAsync(OrderDispatch, request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    private static string Details(JsonObject body) =>
        string.Join("\n", HookClient.Cards(body).Select(c => (string?)c["detail"])).Replace("\\", "");

    [Theory]
    [InlineData("fulfillmentTasks")]
    [InlineData("task")]
    public async Task The_tasks_location_decides_the_setting_and_the_coverage_information_goes_on_the_order(
        string field
    )
    {
        var body = await AnswerAsync(DispatchWithTask(field: field));

        var action = Assert.Single(body["systemActions"]!.AsArray())!;
        Assert.Equal("ServiceRequest", (string?)action["resource"]!["resourceType"]);
        Assert.Equal("auth-needed", HookClient.CoverageInformationByOrder(body).Values.Single().PaNeeded);
        Assert.Contains("Task/task-1 location Location/ward-1 type 21", Details(body));
    }

    [Theory]
    [InlineData("cancelled")]
    [InlineData("rejected")]
    [InlineData("failed")]
    [InlineData("entered-in-error")]
    public async Task A_task_that_will_not_be_fulfilled_says_nothing_about_the_setting(string status)
    {
        var body = await AnswerAsync(DispatchWithTask(t => t["status"] = status));

        Assert.Equal("conditional", HookClient.CoverageInformationByOrder(body).Values.Single().PaNeeded);
        Assert.DoesNotContain("Task/task-1", Details(body));
    }

    [Fact]
    public async Task A_task_for_another_patient_says_nothing_about_the_setting()
    {
        var body = await AnswerAsync(DispatchWithTask(t => t["for"]!["reference"] = "Patient/someone-else"));

        Assert.Equal("conditional", HookClient.CoverageInformationByOrder(body).Values.Single().PaNeeded);
    }

    [Fact]
    public async Task A_task_with_an_unknown_modifier_extension_is_set_aside()
    {
        var body = await AnswerAsync(
            DispatchWithTask(t =>
                t["modifierExtension"] = new JsonArray(
                    new JsonObject { ["url"] = "http://example.org/not-really", ["valueBoolean"] = true }
                )
            )
        );

        Assert.Equal("conditional", HookClient.CoverageInformationByOrder(body).Values.Single().PaNeeded);
    }
}
