using System.Net;
using System.Text.Json.Nodes;
using static CryoCdsHooks.Web.Tests.WorkflowRequests;

namespace CryoCdsHooks.Web.Tests.Hooks;

/// <summary>
/// Issue 25: appointment-book, order-dispatch and encounter-start answer with the same engine, each reading the
/// order, the care setting and the date of service where its hook puts them, on the resource CRD names.
/// </summary>
public sealed class WorkflowHookTests(CdsServiceFactoryFixture fixture) : IClassFixture<CdsServiceFactoryFixture>
{
    private async Task<JsonObject> AnswerAsync(string path, JsonObject request)
    {
        var response = await fixture.Client.PostJsonAsync(path, request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    private static (JsonObject Resource, CoverageInformation Information) Single(JsonObject body)
    {
        var action = Assert.Single(body["systemActions"]!.AsArray())!;
        Assert.Equal("update", (string?)action["type"]);
        var resource = action["resource"]!.AsObject();
        return (resource, HookClient.CoverageInformationByOrder(body).Values.Single());
    }

    /// <summary>The cards' detail text with Markdown escapes removed.</summary>
    private static string Details(JsonObject body) =>
        string.Join("\n", HookClient.Cards(body).Select(c => (string?)c["detail"])).Replace("\\", "");

    [Fact]
    public async Task Booked_at_an_inpatient_hospital_the_appointment_carries_auth_needed()
    {
        var body = await AnswerAsync(AppointmentBook, Booking(new PatientScenario(), Location("loc-1", "21")));

        var (resource, information) = Single(body);
        Assert.Equal("Appointment", (string?)resource["resourceType"]);
        Assert.Equal("apt-1", (string?)resource["id"]);
        Assert.Equal("covered", information.Covered);
        Assert.Equal("auth-needed", information.PaNeeded);
        Assert.Contains("Location/loc-1 type 21 (inpatient hospital)", Details(body));
    }

    [Fact]
    public async Task Booked_at_an_ambulatory_surgical_center_needs_no_authorization()
    {
        var scenario = new PatientScenario { EncounterClass = "IMP" };

        var body = await AnswerAsync(AppointmentBook, Booking(scenario, Location("asc-1", "24")));

        Assert.Equal("no-auth", Single(body).Information.PaNeeded);
    }

    [Fact]
    public async Task The_appointment_is_echoed_unchanged_but_for_the_coverage_information()
    {
        var request = Booking(new PatientScenario(), Location("loc-1", "21"));
        var sent = request["context"]!["appointments"]!["entry"]![0]!["resource"]!.DeepClone().AsObject();

        var (resource, _) = Single(await AnswerAsync(AppointmentBook, request));

        resource.Remove("extension");
        Assert.True(JsonNode.DeepEquals(sent, resource));
    }

    [Fact]
    public async Task The_booked_start_is_the_date_of_service_and_the_card_names_the_hook()
    {
        var body = await AnswerAsync(
            AppointmentBook,
            Booking(new PatientScenario(), Location("loc-1", "24"), start: "2026-12-14T09:30:00-05:00")
        );

        var details = Details(body);
        Assert.Contains("2026-12-14 (Appointment.start)", details);
        Assert.Contains("**Answered at:** appointment-book, on Appointment/apt-1", details);
    }

    [Fact]
    public async Task A_booking_at_a_place_the_table_does_not_know_keeps_the_setting_of_order_entry()
    {
        var location = Location("loc-1", "24");
        location["type"]![0]!["coding"]![0]!["system"] = "http://example.org/local-place-codes";

        var body = await AnswerAsync(
            AppointmentBook,
            Booking(new PatientScenario { EncounterClass = "IMP" }, location)
        );

        Assert.Equal("auth-needed", Single(body).Information.PaNeeded);
    }

    [Fact]
    public async Task An_appointment_with_its_own_procedure_code_is_answered_without_an_order()
    {
        var request = Booking(new PatientScenario(), Location("loc-1", "21"));
        var appointment = request["context"]!["appointments"]!["entry"]![0]!["resource"]!.AsObject();
        appointment.Remove("basedOn");
        appointment["serviceType"] = new JsonArray(
            new JsonObject
            {
                ["coding"] = new JsonArray(
                    new JsonObject { ["system"] = "http://www.ama-assn.org/go/cpt", ["code"] = "50593" }
                ),
            }
        );

        var (resource, information) = Single(await AnswerAsync(AppointmentBook, request));

        Assert.Equal("Appointment", (string?)resource["resourceType"]);
        Assert.Equal("auth-needed", information.PaNeeded);
    }

    [Theory]
    [InlineData("cancelled")]
    [InlineData("noshow")]
    [InlineData("entered-in-error")]
    public async Task An_appointment_that_will_not_take_place_gets_no_coverage_information(string status)
    {
        var request = Booking(new PatientScenario(), Location("loc-1", "21"));
        request["context"]!["appointments"]!["entry"]![0]!["resource"]!["status"] = status;

        var body = await AnswerAsync(AppointmentBook, request);

        Assert.Empty(body["systemActions"]!.AsArray());
    }

    [Fact]
    public async Task An_appointment_based_on_an_order_not_sent_is_not_answered_but_the_primary_hook_says_so_empty()
    {
        var request = Booking(new PatientScenario(), Location("loc-1", "21"));
        request["prefetch"]!.AsObject().Remove("appointments");

        var body = await AnswerAsync(AppointmentBook, request);

        Assert.Empty(body["systemActions"]!.AsArray());
    }

    [Fact]
    public async Task An_appointment_for_another_patient_is_not_answered()
    {
        var request = Booking(new PatientScenario(), Location("loc-1", "21"));
        request["context"]!["appointments"]!["entry"]![0]!["resource"]!["participant"]![0]!["actor"]!["reference"] =
            "Patient/someone-else";

        Assert.Empty((await AnswerAsync(AppointmentBook, request))["systemActions"]!.AsArray());
    }

    [Fact]
    public async Task Dispatched_to_an_ambulatory_surgical_center_the_order_needs_no_authorization()
    {
        var center = Organization("asc-org", ProviderTaxonomy, "261QA1903X");

        var body = await AnswerAsync(OrderDispatch, Dispatch(new PatientScenario { EncounterClass = "IMP" }, center));

        var (resource, information) = Single(body);
        Assert.Equal("ServiceRequest", (string?)resource["resourceType"]);
        Assert.Equal("order-1", (string?)resource["id"]);
        Assert.Equal("no-auth", information.PaNeeded);
    }

    [Fact]
    public async Task Dispatched_to_a_role_at_an_inpatient_location_the_order_needs_authorization()
    {
        var role = new JsonObject
        {
            ["resourceType"] = "PractitionerRole",
            ["id"] = "role-1",
            ["location"] = new JsonArray(new JsonObject { ["reference"] = "Location/ward-1" }),
        };

        var body = await AnswerAsync(OrderDispatch, Dispatch(new PatientScenario(), role, Location("ward-1", "21")));

        Assert.Equal("auth-needed", Single(body).Information.PaNeeded);
        Assert.Contains("Location/ward-1 type 21", Details(body));
    }

    [Fact]
    public async Task An_order_asking_for_an_ambulatory_surgical_center_needs_no_authorization_at_order_sign()
    {
        var request = new PatientScenario { EncounterClass = "IMP" }.OrderSign();
        var order = request["context"]!["draftOrders"]!["entry"]![0]!["resource"]!.AsObject();
        order["locationCode"] = new JsonArray(Concept(PlaceOfService, "24"));

        var body = await AnswerAsync(HookClient.OrderSign, request);

        Assert.Equal("no-auth", Single(body).Information.PaNeeded);
        Assert.Contains("ServiceRequest/order-1 locationCode 24", Details(body));
    }

    [Fact]
    public async Task Dispatched_to_an_inpatient_hospital_against_the_order_s_own_location_leaves_the_setting_unknown()
    {
        var request = Dispatch(new PatientScenario(), Organization("hosp-1", PlaceOfService, "21"));
        var order = request["prefetch"]!["dispatchedOrders"]!["entry"]![0]!["resource"]!.AsObject();
        order["locationReference"] = new JsonArray(new JsonObject { ["reference"] = "Location/asc-1" });
        request["prefetch"]!["dispatchedOrders"]!["entry"]!
            .AsArray()
            .Add(new JsonObject { ["resource"] = Location("asc-1", "24") });

        var body = await AnswerAsync(OrderDispatch, request);

        Assert.Equal("conditional", Single(body).Information.PaNeeded);
    }

    [Fact]
    public async Task Order_dispatch_as_crd_2_0_1_sends_it_one_order_and_a_task_is_answered_too()
    {
        var request = Dispatch(new PatientScenario(), Organization("asc-org", ProviderTaxonomy, "261QA1903X"));
        var context = request["context"]!.AsObject();
        context.Remove("dispatchedOrders");
        context["order"] = "ServiceRequest/order-1";
        context["task"] = new JsonObject
        {
            ["resourceType"] = "Task",
            ["id"] = "task-1",
            ["status"] = "draft",
            ["intent"] = "order",
            ["focus"] = new JsonObject { ["reference"] = "ServiceRequest/order-1" },
            ["for"] = new JsonObject { ["reference"] = $"Patient/{PatientScenario.PatientId}" },
            ["restriction"] = new JsonObject { ["period"] = new JsonObject { ["start"] = "2026-12-18" } },
        };

        var body = await AnswerAsync(OrderDispatch, request);

        Assert.Equal("no-auth", Single(body).Information.PaNeeded);
        Assert.Contains("2026-12-18 (Task.restriction.period.start)", Details(body));
    }

    [Fact]
    public async Task Order_dispatch_needs_a_performer_but_no_user()
    {
        var request = Dispatch(new PatientScenario(), Organization("asc-org", ProviderTaxonomy, "261QA1903X"));
        request["context"]!.AsObject().Remove("performer");

        var response = await fixture.Client.PostJsonAsync(OrderDispatch, request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("context.performer", text);
        Assert.DoesNotContain("context.userId", text);
    }

    [Fact]
    public async Task An_inpatient_admission_for_a_cryoablation_needs_authorization_on_the_encounter()
    {
        var body = await AnswerAsync(EncounterStart, Admission(new PatientScenario()));

        var (resource, information) = Single(body);
        Assert.Equal("Encounter", (string?)resource["resourceType"]);
        Assert.Equal(PatientScenario.EncounterId, (string?)resource["id"]);
        Assert.Equal("auth-needed", information.PaNeeded);
        // encounter-start is a secondary hook: it must not ask for documentation (CRD hook-19).
        Assert.Empty(information.Codes("doc-needed"));
    }

    [Fact]
    public async Task An_admission_whose_reason_is_a_cryoablation_code_is_answered()
    {
        var request = Admission(new PatientScenario());
        request["prefetch"]!.AsObject().Remove("encounterOrders");
        request["prefetch"]!["encounter"]!["reasonCode"] = new JsonArray(
            new JsonObject
            {
                ["coding"] = new JsonArray(
                    new JsonObject { ["system"] = "http://www.ama-assn.org/go/cpt", ["code"] = "50593" }
                ),
            }
        );

        Assert.Equal("auth-needed", Single(await AnswerAsync(EncounterStart, request)).Information.PaNeeded);
    }

    [Theory]
    [InlineData("cancelled")]
    [InlineData("entered-in-error")]
    public async Task An_admission_that_will_not_take_place_gets_no_coverage_information(string status)
    {
        var request = Admission(new PatientScenario());
        request["prefetch"]!["encounter"]!["status"] = status;

        var body = await AnswerAsync(EncounterStart, request);

        Assert.Empty(body["systemActions"]?.AsArray() ?? []);
    }

    [Fact]
    public async Task An_admission_for_nothing_of_ours_gets_no_system_action()
    {
        var request = Admission(new PatientScenario());
        request["prefetch"]!.AsObject().Remove("encounterOrders");

        var body = await AnswerAsync(EncounterStart, request);

        Assert.Empty(body["systemActions"]?.AsArray() ?? []);
    }

    [Fact]
    public async Task A_retried_booking_gets_the_stored_answer()
    {
        var request = Booking(new PatientScenario(), Location("loc-1", "21"), hookInstance: Guid.NewGuid().ToString());

        var first = Single(await AnswerAsync(AppointmentBook, request)).Information;
        var retry = Single(await AnswerAsync(AppointmentBook, request)).Information;

        Assert.Equal(first.AssertionId, retry.AssertionId);
    }
}
