using System.Net;
using System.Text.Json.Nodes;
using static CryoCdsHooks.Web.Tests.Security.LaterEndpointBadInputs;

namespace CryoCdsHooks.Web.Tests.Security;

/// <summary>
/// Damages to the context and prefetch members only the later hooks read: appointment-book's Appointments,
/// order-dispatch's orders, performer and fulfilment Tasks, encounter-start's Encounter.
/// </summary>
internal static class LaterHookBadInputs
{
    private const HttpStatusCode Bad = HttpStatusCode.BadRequest,
        Ok = HttpStatusCode.OK;
    private const string OtherHost = "https://attacker.example.net/fhir/";

    private static JsonObject Context(JsonObject r) => r["context"]!.AsObject();

    private static JsonObject Appointment(JsonObject r) =>
        Context(r)["appointments"]!["entry"]![0]!["resource"]!.AsObject();

    private static JsonObject Encounter(JsonObject r) => r["prefetch"]!["encounter"]!.AsObject();

    private static JsonObject Task(string? id = "task-1", string start = "2026-12-10") =>
        Parse(
                $$$"""
                {"resourceType":"Task","status":"requested","intent":"order",
                 "focus":{"reference":"ServiceRequest/order-1"},
                 "for":{"reference":"Patient/pat-1"},
                 "restriction":"RESTRICTION"}
                """.Replace("\"RESTRICTION\"", $"{{\"period\":{{\"start\":\"{start}\"}}}}", StringComparison.Ordinal)
            )
            .Also(t =>
            {
                if (id is null)
                    t.Remove("id");
                else
                    t["id"] = id;
            });

    private static JsonObject Also(this JsonObject o, Action<JsonObject> change)
    {
        change(o);
        return o;
    }

    private static JsonArray Many(int count, Func<int, JsonNode> item) =>
        new(Enumerable.Range(0, count).Select(item).ToArray());

    public static IEnumerable<BadInputDamage> Booking()
    {
        yield return Changed("types", "appointments = \"x\"", r => Context(r)["appointments"] = "x", Bad);
        yield return Changed("types", "appointments = []", r => Context(r)["appointments"] = new JsonArray(), Bad);
        yield return Changed(
            "types",
            "appointments is an Appointment, not a Bundle",
            r => Context(r)["appointments"] = Appointment(r).DeepClone(),
            Bad
        );
        yield return Changed(
            "types",
            "appointments is a Bundle of Patients",
            r =>
                Appointment(r).Parent!.AsObject()["resource"] = Parse(
                    "{\"resourceType\":\"Patient\",\"id\":\"pat-1\"}"
                ),
            Bad
        );
        yield return Changed("types", "appointments is null", r => Context(r)["appointments"] = null, Bad);
        yield return Changed("types", "an Appointment without id", r => Appointment(r).Remove("id"), Bad);
        yield return Changed("types", "Appointment.status = 5", r => Appointment(r)["status"] = 5, Bad);
        yield return Changed(
            "types",
            "Appointment.basedOn is a string",
            r => Appointment(r)["basedOn"] = "ServiceRequest/order-1",
            Bad
        );
        yield return Changed(
            "sizes",
            "1,001 Appointments",
            r =>
                Context(r)["appointments"]!["entry"] = Many(1001, i => new JsonObject
                {
                    ["resource"] = Appointment(r).DeepClone().AsObject().Also(a => a["id"] = $"apt-{i}"),
                }),
            Bad
        );
        yield return Changed(
            "sizes",
            "1,000 Appointments of the one order (the cap)",
            r =>
                Context(r)["appointments"]!["entry"] = Many(1000, i => new JsonObject
                {
                    ["resource"] = Appointment(r).DeepClone().AsObject().Also(a => a["id"] = $"apt-{i}"),
                }),
            Ok
        );
        yield return Changed(
            "dates",
            "Appointment.start 2026-02-30",
            r => Appointment(r)["start"] = "2026-02-30T08:00:00-05:00",
            Bad
        );
        yield return Changed(
            "dates",
            "Appointment.start without a time zone",
            r => Appointment(r)["start"] = "2026-12-10T08:00:00",
            Bad
        );
        yield return Changed(
            "numbers",
            "Appointment.minutesDuration 1e309",
            r => Appointment(r)["minutesDuration"] = JsonNode.Parse("1e309"),
            Bad
        );
        yield return Changed(
            "numbers",
            "Appointment.minutesDuration above int32",
            r => Appointment(r)["minutesDuration"] = 2147483648L,
            Bad
        );
        yield return Changed(
            "numbers",
            "Appointment.minutesDuration negative",
            r => Appointment(r)["minutesDuration"] = -5,
            Bad
        );
        yield return Changed(
            "references",
            "an Appointment of another patient (not answered)",
            r => Appointment(r)["participant"]![0]!["actor"]!["reference"] = "Patient/pat-2",
            Ok
        );
        yield return Changed(
            "references",
            "based on an order on another host (never fetched)",
            r => Appointment(r)["basedOn"]![0]!["reference"] = OtherHost + "ServiceRequest/order-1",
            Ok
        );
        yield return Changed(
            "references",
            "prefetch appointments is a Bundle of OperationOutcome",
            r => r["prefetch"]!["appointments"] = PatientScenario.Bundle("searchset", [Outcome()]),
            Ok
        );
        yield return Changed(
            "references",
            "prefetch appointments is an OperationOutcome",
            r => r["prefetch"]!["appointments"] = Outcome(),
            Ok
        );
    }

    public static IEnumerable<BadInputDamage> Dispatch()
    {
        yield return Changed("types", "fulfillmentTasks = \"x\"", r => Context(r)["fulfillmentTasks"] = "x", Bad);
        yield return Changed(
            "types",
            "fulfillmentTasks = [1]",
            r => Context(r)["fulfillmentTasks"] = new JsonArray(1),
            Bad
        );
        yield return Changed(
            "types",
            "fulfillmentTasks holds a Patient",
            r => Context(r)["fulfillmentTasks"] = new JsonArray(Parse("{\"resourceType\":\"Patient\",\"id\":\"p\"}")),
            Bad
        );
        yield return Changed(
            "types",
            "fulfillmentTasks holds a Bundle of Tasks",
            r => Context(r)["fulfillmentTasks"] = new JsonArray(PatientScenario.Bundle("collection", [Task()])),
            Bad
        );
        yield return Changed(
            "types",
            "a Task without id",
            r => Context(r)["fulfillmentTasks"] = new JsonArray(Task(id: null)),
            Bad
        );
        yield return Changed("types", "task (CRD 2.0.1) is a number", r => Context(r)["task"] = 3, Bad);
        yield return Changed("types", "dispatchedOrders = \"x\"", r => Context(r)["dispatchedOrders"] = "x", Bad);
        yield return Changed(
            "types",
            "dispatchedOrders = [1]",
            r => Context(r)["dispatchedOrders"] = new JsonArray(1),
            Bad
        );
        yield return Changed("types", "dispatchedOrders missing", r => Context(r).Remove("dispatchedOrders"), Bad);
        yield return Changed("types", "performer = 5", r => Context(r)["performer"] = 5, Bad);
        yield return Changed("types", "performer missing", r => Context(r).Remove("performer"), Bad);
        yield return Changed(
            "types",
            "prefetch performer is a Bundle of Patients",
            r =>
                r["prefetch"]!["performer"] = PatientScenario.Bundle(
                    "searchset",
                    [Parse("{\"resourceType\":\"Patient\",\"id\":\"p\"}")]
                ),
            Ok
        );
        yield return Changed(
            "sizes",
            "1,001 fulfillmentTasks",
            r => Context(r)["fulfillmentTasks"] = Many(1001, i => Task($"t-{i}")),
            Bad
        );
        yield return Changed(
            "sizes",
            "1,001 dispatchedOrders",
            r => Context(r)["dispatchedOrders"] = Many(1001, i => $"ServiceRequest/o-{i}"),
            Bad
        );
        yield return Changed(
            "sizes",
            "1,000 dispatchedOrders, all the one order (the cap)",
            r => Context(r)["dispatchedOrders"] = Many(1000, _ => "ServiceRequest/order-1"),
            Ok
        );
        yield return Changed(
            "sizes",
            "1,000 fulfillmentTasks for the order (the cap)",
            r => Context(r)["fulfillmentTasks"] = Many(1000, i => Task($"t-{i}")),
            Ok
        );
        yield return Changed(
            "dates",
            "Task restriction start 2026-13-01",
            r => Context(r)["fulfillmentTasks"] = new JsonArray(Task(start: "2026-13-01")),
            Bad
        );
        yield return Changed(
            "dates",
            "Task restriction start 'tomorrow'",
            r => Context(r)["fulfillmentTasks"] = new JsonArray(Task(start: "tomorrow")),
            Bad
        );
        yield return Changed(
            "references",
            "performer on another host (never fetched)",
            r => Context(r)["performer"] = OtherHost + "Organization/org-1",
            Ok
        );
        yield return Changed(
            "references",
            "an order of another patient (not answered)",
            r =>
                r["prefetch"]!["dispatchedOrders"]!["entry"]![0]!["resource"]!["subject"]!["reference"] =
                    "Patient/pat-2",
            Ok
        );
        yield return Changed(
            "references",
            "a Task for an order not dispatched",
            r =>
                Context(r)["fulfillmentTasks"] = new JsonArray(
                    Task().Also(t => t["focus"]!["reference"] = "ServiceRequest/elsewhere")
                ),
            Ok
        );
        yield return Changed(
            "references",
            "prefetch dispatchedOrders is a Bundle of OperationOutcome",
            r => r["prefetch"]!["dispatchedOrders"] = PatientScenario.Bundle("searchset", [Outcome()]),
            Ok
        );
    }

    public static IEnumerable<BadInputDamage> Admission()
    {
        yield return Changed("types", "encounterId missing", r => Context(r).Remove("encounterId"), Bad);
        yield return Changed("types", "encounterId = 5", r => Context(r)["encounterId"] = 5, Bad);
        yield return Changed(
            "types",
            "prefetch encounter is a Patient (read as no Encounter: nothing answered)",
            r => r["prefetch"]!["encounter"] = Parse("{\"resourceType\":\"Patient\",\"id\":\"enc-1\"}"),
            Ok
        );
        yield return Changed("types", "Encounter.class is a string", r => Encounter(r)["class"] = "IMP", Bad);
        yield return Changed(
            "types",
            "Encounter.reasonReference is an object",
            r => Encounter(r)["reasonReference"] = new JsonObject { ["reference"] = "ServiceRequest/order-1" },
            Bad
        );
        yield return Changed(
            "dates",
            "Encounter.period.start 2026-02-30",
            r => Encounter(r)["period"] = new JsonObject { ["start"] = "2026-02-30T08:00:00Z" },
            Bad
        );
        yield return Changed(
            "numbers",
            "Encounter.length.value 1e309",
            r => Encounter(r)["length"] = Parse("{\"value\":1e309}"),
            Bad
        );
        yield return Changed(
            "references",
            "the Encounter of another patient (not answered)",
            r => Encounter(r)["subject"] = new JsonObject { ["reference"] = "Patient/pat-2" },
            Ok
        );
        yield return Changed(
            "references",
            "another Encounter than the hook's (not answered)",
            r => Context(r)["encounterId"] = "enc-2",
            Ok
        );
        yield return Changed(
            "references",
            "prefetch encounter is an OperationOutcome",
            r => r["prefetch"]!["encounter"] = Outcome(),
            Ok
        );
        yield return Changed(
            "references",
            "prefetch encounterOrders is a Bundle of OperationOutcome",
            r => r["prefetch"]!["encounterOrders"] = PatientScenario.Bundle("searchset", [Outcome()]),
            Ok
        );
    }
}
