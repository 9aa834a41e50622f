using System.Text.Json.Nodes;

namespace CryoCdsHooks.Web.Tests;

/// <summary>
/// The later hooks of the CRD workflow built from a <see cref="PatientScenario"/>: its draft orders booked
/// (appointment-book), dispatched (order-dispatch) or admitted for (encounter-start), with the places they name.
/// </summary>
public static class WorkflowRequests
{
    public const string AppointmentBook = "/cds-services/cryoablation-appointment-book";
    public const string OrderDispatch = "/cds-services/cryoablation-order-dispatch";
    public const string EncounterStart = "/cds-services/cryoablation-encounter-start";
    public const string PlaceOfService =
        "https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set";
    public const string ProviderTaxonomy = "http://nucc.org/provider-taxonomy";
    public const string BookedStart = "2026-12-10T08:00:00-05:00";

    /// <summary>A Location whose type is a CMS place of service (21 inpatient hospital, 24 ASC, ...).</summary>
    public static JsonObject Location(string id, string placeOfService) =>
        new()
        {
            ["resourceType"] = "Location",
            ["id"] = id,
            ["status"] = "active",
            ["type"] = new JsonArray(Concept(PlaceOfService, placeOfService)),
        };

    public static JsonObject Organization(string id, string system, string code) =>
        new()
        {
            ["resourceType"] = "Organization",
            ["id"] = id,
            ["type"] = new JsonArray(Concept(system, code)),
        };

    /// <summary>
    /// The scenario's draft orders, now active, booked as Appointment apt-1 at <paramref name="location"/>; the
    /// orders and the location are sent in the appointment-book prefetch key.
    /// </summary>
    public static JsonObject Booking(
        PatientScenario scenario,
        JsonObject? location,
        string start = BookedStart,
        string? hookInstance = null
    )
    {
        var (request, context, orders) = Later(scenario, "appointment-book", hookInstance);
        var participants = new JsonArray(Participant("Patient/" + PatientScenario.PatientId));
        if (location is not null)
            participants.Add(Participant($"Location/{location["id"]}"));
        var appointment = new JsonObject
        {
            ["resourceType"] = "Appointment",
            ["id"] = "apt-1",
            ["status"] = "booked",
            ["basedOn"] = References(orders),
            ["start"] = start,
            ["end"] = start.Replace("T08:00", "T10:00", StringComparison.Ordinal),
            ["participant"] = participants,
        };
        context["appointments"] = PatientScenario.Bundle("collection", [appointment]);
        request["prefetch"]!["appointments"] = PatientScenario.Bundle(
            "searchset",
            location is null ? orders : [.. orders, location]
        );
        return request;
    }

    /// <summary>
    /// The scenario's orders dispatched to <paramref name="performer"/> (sent as prefetch <c>performer</c>).
    /// </summary>
    public static JsonObject Dispatch(PatientScenario scenario, JsonObject performer, params JsonObject[] included)
    {
        var (request, context, orders) = Later(scenario, "order-dispatch", null);
        context.Remove("userId");
        context.Remove("encounterId");
        context["dispatchedOrders"] = new JsonArray(
            orders.Select(o => (JsonNode)JsonValue.Create($"ServiceRequest/{o["id"]}")).ToArray()
        );
        context["performer"] = $"{performer["resourceType"]}/{performer["id"]}";
        var prefetch = request["prefetch"]!.AsObject();
        prefetch.Remove("encounter");
        prefetch["dispatchedOrders"] = PatientScenario.Bundle("searchset", [.. orders, .. included]);
        prefetch["performer"] = performer;
        return request;
    }

    /// <summary>An inpatient admission (Encounter enc-1, class IMP) for the scenario's orders.</summary>
    public static JsonObject Admission(PatientScenario scenario, string encounterClass = "IMP")
    {
        scenario.EncounterClass = encounterClass;
        var (request, _, orders) = Later(scenario, "encounter-start", null);
        var encounter = request["prefetch"]!["encounter"]!.AsObject();
        encounter["status"] = "in-progress";
        encounter["period"] = new JsonObject { ["start"] = BookedStart };
        request["prefetch"]!["encounterOrders"] = PatientScenario.Bundle("searchset", orders);
        return request;
    }

    /// <summary>The scenario's order-sign request turned into <paramref name="hook"/>: no draft orders.</summary>
    private static (JsonObject Request, JsonObject Context, List<JsonObject> Orders) Later(
        PatientScenario scenario,
        string hook,
        string? hookInstance
    )
    {
        var request = scenario.OrderSign(hookInstance);
        request["hook"] = hook;
        var context = request["context"]!.AsObject();
        var orders = context["draftOrders"]!["entry"]!
            .AsArray()
            .Select(e => e!["resource"]!.DeepClone().AsObject())
            .ToList();
        foreach (var order in orders)
            order["status"] = "active";
        context.Remove("draftOrders");
        return (request, context, orders);
    }

    private static JsonArray References(IEnumerable<JsonObject> resources) =>
        new(
            resources
                .Select(r => (JsonNode)new JsonObject { ["reference"] = $"{r["resourceType"]}/{r["id"]}" })
                .ToArray()
        );

    private static JsonObject Participant(string reference) =>
        new()
        {
            ["actor"] = new JsonObject { ["reference"] = reference },
            ["status"] = "accepted",
        };

    public static JsonObject Concept(string system, string code) =>
        new() { ["coding"] = new JsonArray(new JsonObject { ["system"] = system, ["code"] = code }) };
}
