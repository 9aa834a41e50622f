using System.Net;
using System.Text.Json.Nodes;
using CryoCdsHooks.Web.Tests.Docs;
using static CryoCdsHooks.Web.Tests.WorkflowRequests;

namespace CryoCdsHooks.Web.Tests.Hooks;

/// <summary>
/// The Inferno CRD test kit's request examples for appointment-book, order-dispatch and encounter-start (see
/// Hooks/InfernoCrd/README.md), pointed at a patient of ours, answered as the kit's server tests require.
/// </summary>
public sealed class InfernoCrdKitTests(CdsServiceFactoryFixture fixture) : IClassFixture<CdsServiceFactoryFixture>
{
    /// <summary>A kit example with a hookInstance of its own: the kit's three examples share one.</summary>
    private static JsonObject KitExample(string name)
    {
        var example = JsonNode
            .Parse(
                File.ReadAllText(
                    Path.Combine(
                        MarkdownDocument.RepositoryRoot(),
                        "tests",
                        "CryoCdsHooks.Web.Tests",
                        "Hooks",
                        "InfernoCrd",
                        name + ".json"
                    )
                )
            )!
            .AsObject();
        example["hookInstance"] = Guid.NewGuid().ToString();
        return example;
    }

    /// <summary>
    /// The kit's checks of a hook response, and the coverage-information actions on the expected type.
    /// </summary>
    private static List<JsonObject> AssertKitValid(JsonObject body, string expectedResourceType)
    {
        foreach (var card in HookClient.Cards(body))
        {
            Assert.True(((string)card["summary"]!).Length < 140);
            Assert.Contains((string)card["indicator"]!, new[] { "info", "warning", "critical" });
            Assert.IsType<string>((string?)card["source"]!["label"]);
            Assert.IsType<string>((string?)card["source"]!["topic"]!["code"]);
            Assert.IsType<string>((string?)card["source"]!["topic"]!["system"]);
        }
        var actions = body["systemActions"]!.AsArray().Select(a => a!.AsObject()).ToList();
        foreach (var action in actions)
        {
            Assert.Contains((string)action["type"]!, new[] { "create", "update", "delete" });
            Assert.False(string.IsNullOrEmpty((string?)action["description"]));
            Assert.NotNull(action["resource"]);
        }
        var coverageInformation = actions
            .Where(a => (string?)a["resource"]!["resourceType"] == expectedResourceType)
            .Where(a =>
                a["resource"]!["extension"]?.AsArray().Any(e => (string?)e!["url"] == HookClient.CoverageInformationUrl)
                == true
            )
            .ToList();
        Assert.NotEmpty(coverageInformation);
        return coverageInformation;
    }

    private async Task<JsonObject> AnswerAsync(string path, JsonObject request)
    {
        var response = await fixture.Client.PostJsonAsync(path, request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    [Fact]
    public async Task Kit_appointment_book_example_gets_coverage_information_on_the_booked_appointment()
    {
        var request = KitExample("appointment_book_hook_request");
        request["context"]!["patientId"] = PatientScenario.PatientId;
        var appointments = request["context"]!["appointments"]!["entry"]!.AsArray();
        foreach (var appointment in appointments.Select(e => e!["resource"]!.AsObject()))
        {
            appointment["participant"]![0]!["actor"]!["reference"] = $"Patient/{PatientScenario.PatientId}";
            appointment.Remove("reason"); // not an R4 element, and not an array
            appointment.Remove("end"); // "2019-08-10T09:10:00:00-06:00" is not a valid instant
        }
        var booked = appointments[0]!["resource"]!.AsObject();
        booked["basedOn"] = new JsonArray(new JsonObject { ["reference"] = "ServiceRequest/order-1" });
        booked["participant"]!
            .AsArray()
            .Add(new JsonObject { ["actor"] = new JsonObject { ["reference"] = "Location/loc-1" } });
        booked["start"] = BookedStart;
        request["prefetch"] = Booking(new PatientScenario(), Location("loc-1", "21"))["prefetch"]!.DeepClone();

        var actions = AssertKitValid(await AnswerAsync(AppointmentBook, request), "Appointment");

        Assert.Equal("apt1", (string?)Assert.Single(actions)["resource"]!["id"]);
    }

    [Fact]
    public async Task Kit_appointment_book_example_as_published_is_a_clear_400_not_a_500()
    {
        var response = await fixture.Client.PostJsonAsync(AppointmentBook, KitExample("appointment_book_hook_request"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("context.appointments", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Kit_order_dispatch_example_gets_coverage_information_on_the_dispatched_order()
    {
        var request = KitExample("order_dispatch_hook_request");
        var context = request["context"]!.AsObject();
        context["patientId"] = PatientScenario.PatientId;
        context["order"] = "ServiceRequest/order-1";
        context["performer"] = "Organization/asc-org";
        context["task"]!["focus"]!["reference"] = "ServiceRequest/order-1";
        context["task"]!["for"]!["reference"] = $"Patient/{PatientScenario.PatientId}";
        var center = Organization("asc-org", ProviderTaxonomy, "261QA1903X");
        request["prefetch"] = Dispatch(new PatientScenario(), center)["prefetch"]!.DeepClone();

        var actions = AssertKitValid(await AnswerAsync(OrderDispatch, request), "ServiceRequest");

        Assert.Equal("order-1", (string?)Assert.Single(actions)["resource"]!["id"]);
    }

    [Fact]
    public async Task Kit_encounter_start_example_gets_coverage_information_on_the_encounter()
    {
        var request = KitExample("encounter_start_hook_request");
        request["context"]!["patientId"] = PatientScenario.PatientId;
        request["context"]!["encounterId"] = PatientScenario.EncounterId;
        request["prefetch"] = Admission(new PatientScenario())["prefetch"]!.DeepClone();

        var actions = AssertKitValid(await AnswerAsync(EncounterStart, request), "Encounter");

        Assert.Equal(PatientScenario.EncounterId, (string?)Assert.Single(actions)["resource"]!["id"]);
    }
}
