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
/// the record loader: same allowlist, token, deadline and problem handling as the patient record's keys.
/// </summary>
public sealed class HookKeyFetchTests(CdsServiceFactoryFixture fixture)
    : IClassFixture<CdsServiceFactoryFixture>,
        IDisposable
{
    private readonly WireMockServer _fhir = WireMockServer.Start();

    public void Dispose() => _fhir.Dispose();

    /// <summary>Prefetch key <paramref name="key"/> left out; the service may query the WireMock FHIR server.</summary>
    private JsonObject WithServer(JsonObject request, string key)
    {
        request["prefetch"]!.AsObject().Remove(key);
        request["fhirServer"] = _fhir.Url + "/fhir";
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

    private async Task<CoverageInformation> AnswerAsync(string path, JsonObject request)
    {
        var response = await fixture.Client.PostJsonAsync(path, request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return HookClient.CoverageInformationByOrder(await response.ReadJsonAsync()).Values.Single();
    }

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
}
