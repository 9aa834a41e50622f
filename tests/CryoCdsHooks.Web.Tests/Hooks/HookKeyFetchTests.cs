using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using static CryoCdsHooks.Web.Tests.WorkflowRequests;

namespace CryoCdsHooks.Web.Tests.Hooks;

/// <summary>
/// A hook's own prefetch keys (appointments, performer, ...) not prefetched are read from the EHR's FHIR server by
/// the record loader: same allowlist, token, deadline and problem handling as the patient record's keys; CRD's own
/// query for appointment-book, a PractitionerRole performer followed to its places, and absolute references (the
/// FHIR token goes to fhirServer only).
/// </summary>
public sealed class HookKeyFetchTests(CdsServiceFactoryFixture fixture)
    : IClassFixture<CdsServiceFactoryFixture>,
        IDisposable
{
    private readonly WireMockServer _fhir = WireMockServer.Start();

    public void Dispose() => _fhir.Dispose();

    /// <summary>Prefetch key <paramref name="key"/> left out; the service may query the WireMock FHIR server.</summary>
    private JsonObject WithServer(JsonObject request, string? key)
    {
        if (key is not null)
            request["prefetch"]!.AsObject().Remove(key);
        request["fhirServer"] = FhirBase;
        request["fhirAuthorization"] = new JsonObject
        {
            ["access_token"] = "t",
            ["token_type"] = "Bearer",
            ["expires_in"] = 300,
            ["scope"] = "patient/*.read",
            ["subject"] = "cds",
        };
        return request;
    }

    private void Serves(string path, JsonNode resource) =>
        _fhir
            .Given(Request.Create().WithPath("/fhir/" + path).UsingGet())
            .RespondWith(
                Response.Create().WithHeader("Content-Type", "application/fhir+json").WithBody(resource.ToJsonString())
            );

    private async Task<CoverageInformation> AnswerAsync(string path, JsonObject request) =>
        Information(await BodyAsync(path, request));

    private string FhirBase => _fhir.Url + "/fhir";

    private void ServesResource(JsonObject resource) =>
        Serves($"{resource["resourceType"]}/{resource["id"]}", resource);

    private async Task<JsonObject> BodyAsync(string path, JsonObject request)
    {
        var response = await fixture.Client.PostJsonAsync(path, request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    private static CoverageInformation Information(JsonObject body) =>
        HookClient.CoverageInformationByOrder(body).Values.Single();

    private static string Details(JsonObject body) =>
        string.Join("\n", HookClient.Cards(body).Select(c => (string?)c["detail"])).Replace("\\", "");

    private static JsonObject Role(string id, string location) =>
        new()
        {
            ["resourceType"] = "PractitionerRole",
            ["id"] = id,
            ["location"] = new JsonArray(new JsonObject { ["reference"] = location }),
        };

    [Fact]
    public async Task A_booking_not_in_prefetch_is_fetched_with_crds_query_and_its_order_read_after_it()
    {
        var request = WithServer(Booking(new PatientScenario(), Location("loc-1", "21")), "appointments");
        var appointment = request["context"]!["appointments"]!["entry"]![0]!["resource"]!.DeepClone().AsObject();
        var order = new PatientScenario().OrderSign()["context"]!["draftOrders"]!["entry"]![0]!["resource"]!;
        var active = order.DeepClone().AsObject();
        active["status"] = "active";
        Serves("Appointment", PatientScenario.Bundle("searchset", [appointment, Location("loc-1", "21")]));
        Serves($"ServiceRequest/{active["id"]}", active);

        var information = await AnswerAsync(AppointmentBook, request);

        Assert.Equal("auth-needed", information.PaNeeded);
        var search = Assert.Single(_fhir.LogEntries, e => e.RequestMessage.Path == "/fhir/Appointment").RequestMessage;
        Assert.Equal("apt-1", search.Query!["_id"].Single());
        // CRD 2.0.1 foundation.md "Prefetch": its Appointment query, which does not include the orders.
        Assert.Equal(
            ["Appointment:patient", "Appointment:practitioner:PractitionerRole", "Appointment:location"],
            search.Query!["_include"]
        );
        Assert.Equal(
            ["PractitionerRole:organization", "PractitionerRole:practitioner"],
            search.Query!["_include:iterate"]
        );
        Assert.Contains(_fhir.LogEntries, e => e.RequestMessage.Path == $"/fhir/ServiceRequest/{active["id"]}");
    }

    [Fact]
    public async Task A_performer_not_in_prefetch_is_read_from_the_server_to_decide_the_setting()
    {
        var center = Organization("asc-org", ProviderTaxonomy, "261QA1903X");
        var request = WithServer(Dispatch(new PatientScenario { EncounterClass = "IMP" }, center), "performer");
        Serves("Organization/asc-org", center);

        var information = await AnswerAsync(OrderDispatch, request);

        Assert.Equal("no-auth", information.PaNeeded);
        Assert.Equal("/fhir/Organization/asc-org", Assert.Single(_fhir.LogEntries).RequestMessage.Path);
    }

    [Fact]
    public async Task A_performer_prefetched_as_an_operation_outcome_is_read_from_the_server()
    {
        var center = Organization("asc-org", ProviderTaxonomy, "261QA1903X");
        var request = WithServer(Dispatch(new PatientScenario { EncounterClass = "IMP" }, center), key: null);
        request["prefetch"]!["performer"] = new JsonObject
        {
            ["resourceType"] = "OperationOutcome",
            ["issue"] = new JsonArray(new JsonObject { ["severity"] = "error", ["code"] = "exception" }),
        };
        ServesResource(center);

        var information = await AnswerAsync(OrderDispatch, request);

        Assert.Equal("no-auth", information.PaNeeded);
        Assert.Equal("/fhir/Organization/asc-org", Assert.Single(_fhir.LogEntries).RequestMessage.Path);
    }

    [Fact]
    public async Task A_server_fault_reading_the_performer_leaves_the_setting_unknown_and_authorization_conditional()
    {
        var center = Organization("asc-org", ProviderTaxonomy, "261QA1903X");
        var request = WithServer(Dispatch(new PatientScenario { EncounterClass = "PRENC" }, center), "performer");
        _fhir.Given(Request.Create().UsingGet()).RespondWith(Response.Create().WithStatusCode(500));
        var clock = Stopwatch.StartNew();

        var information = await AnswerAsync(OrderDispatch, request);

        // Within the hook deadline (FhirAccess:HookDeadline, 4 s by default), with a margin for a slow machine.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"answered after {clock.Elapsed}");
        Assert.Equal(("covered", "conditional"), (information.Covered, information.PaNeeded));
        Assert.Contains("location", information.Codes("info-needed"));
        Assert.NotEmpty(_fhir.LogEntries);
    }

    [Fact]
    public async Task A_fhir_server_not_on_the_allowlist_is_never_called_for_a_hook_key()
    {
        await using var factory = new CdsServiceFactory().With("FhirAccess:AllowLoopback", "false");
        var center = Organization("asc-org", ProviderTaxonomy, "261QA1903X");
        var request = WithServer(Dispatch(new PatientScenario(), center), "performer");
        Serves("Organization/asc-org", center);

        var response = await factory.CreateClient().PostJsonAsync(OrderDispatch, request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(_fhir.LogEntries);
    }

    [Fact]
    public async Task Appointment_book_discovery_asks_for_crds_own_appointment_query()
    {
        var discovery = await (await fixture.Client.GetAsync("/cds-services")).ReadJsonAsync();

        var service = discovery["services"]!.AsArray().Single(s => (string?)s!["hook"] == "appointment-book")!;
        // CRD 2.0.1 foundation.md "Prefetch", the Appointment row of its query table.
        Assert.Equal(
            "Appointment?_id={{context.appointments.Appointment.id}}&_include=Appointment:patient"
                + "&_include=Appointment:practitioner:PractitionerRole&_include:iterate=PractitionerRole:organization"
                + "&_include:iterate=PractitionerRole:practitioner&_include=Appointment:location",
            (string?)service["prefetch"]!["appointments"]
        );
    }

    [Fact]
    public async Task A_booking_prefetched_with_crds_query_reads_the_roles_organization_and_location_as_places()
    {
        var request = Booking(new PatientScenario(), location: null);
        var appointment = request["context"]!["appointments"]!["entry"]![0]!["resource"]!.AsObject();
        appointment["participant"]!
            .AsArray()
            .Add(new JsonObject { ["actor"] = new JsonObject { ["reference"] = "PractitionerRole/surgeon-1" } });
        var role = Role("surgeon-1", "Location/ward-1");
        role["organization"] = new JsonObject { ["reference"] = "Organization/hosp-1" };
        var prefetched = request["prefetch"]!["appointments"]!["entry"]!.AsArray();
        prefetched.Add(new JsonObject { ["resource"] = appointment.DeepClone() });
        prefetched.Add(new JsonObject { ["resource"] = role });
        prefetched.Add(new JsonObject { ["resource"] = Location("ward-1", "21") });

        var body = await BodyAsync(AppointmentBook, request);

        Assert.Equal("auth-needed", Information(body).PaNeeded);
        Assert.Contains("Location/ward-1 type 21", Details(body));
    }

    [Fact]
    public async Task A_practitioner_role_performer_read_from_the_server_is_followed_to_its_location()
    {
        var role = Role("role-1", "Location/ward-1");
        var request = WithServer(Dispatch(new PatientScenario(), role), "performer");
        ServesResource(role);
        ServesResource(Location("ward-1", "21"));

        var body = await BodyAsync(OrderDispatch, request);

        Assert.Equal("auth-needed", Information(body).PaNeeded);
        Assert.Contains(_fhir.LogEntries, e => e.RequestMessage.Path == "/fhir/Location/ward-1");
        Assert.Contains("Location/ward-1 type 21", Details(body));
    }

    [Fact]
    public async Task An_absolute_performer_on_the_fhir_server_is_read_as_its_relative_reference()
    {
        var center = Organization("asc-org", ProviderTaxonomy, "261QA1903X");
        var request = WithServer(Dispatch(new PatientScenario { EncounterClass = "IMP" }, center), "performer");
        request["context"]!["performer"] = $"{FhirBase}/Organization/asc-org";
        request["context"]!["dispatchedOrders"]![0] = $"{FhirBase}/ServiceRequest/order-1";
        ServesResource(center);

        var body = await BodyAsync(OrderDispatch, request);

        Assert.Equal("no-auth", Information(body).PaNeeded);
        Assert.Equal("/fhir/Organization/asc-org", Assert.Single(_fhir.LogEntries).RequestMessage.Path);
    }

    [Fact]
    public async Task A_performer_on_another_server_is_not_read_and_leaves_authorization_conditional_with_a_note()
    {
        var center = Organization("asc-org", ProviderTaxonomy, "261QA1903X");
        var request = WithServer(Dispatch(new PatientScenario(), center), "performer");
        request["context"]!["performer"] = "https://other-ehr.example.org/fhir/Organization/asc-org";
        ServesResource(center);

        var body = await BodyAsync(OrderDispatch, request);

        // The outpatient Encounter of order entry would say no-auth: the place it is dispatched to is not known.
        Assert.Equal("conditional", Information(body).PaNeeded);
        Assert.Empty(_fhir.LogEntries);
        Assert.Contains(
            "https://other-ehr.example.org/fhir/Organization/asc-org is not on the client's FHIR server",
            Details(body)
        );
    }

    [Fact]
    public async Task A_dispatched_order_on_another_server_is_not_answered()
    {
        var center = Organization("asc-org", ProviderTaxonomy, "261QA1903X");
        var request = WithServer(Dispatch(new PatientScenario(), center), key: null);
        request["context"]!["dispatchedOrders"]![0] = "https://other-ehr.example.org/fhir/ServiceRequest/order-1";

        var body = await BodyAsync(OrderDispatch, request);

        Assert.Empty(body["systemActions"]!.AsArray());
    }
}
