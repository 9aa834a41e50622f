using System.Net;
using System.Text.Json.Nodes;
using CryoCdsHooks.Web.Persistence;
using CryoCdsHooks.Web.Tests.Persistence;

namespace CryoCdsHooks.Web.Tests.Security;

/// <summary>
/// Hostile and broken requests: each gets a 4xx with an OperationOutcome, or a 200 where the input is in fact
/// valid; never a 500, and the service keeps answering valid requests afterwards; on SQLite and on PostgreSQL.
/// </summary>
public sealed class BadInputTests(ServicePerProvider services) : IClassFixture<ServicePerProvider>
{
    private static string Valid() => new PatientScenario().OrderSign().ToJsonString();

    private static string Changed(Action<JsonObject> change)
    {
        var request = new PatientScenario().OrderSign();
        change(request);
        return request.ToJsonString();
    }

    private static JsonObject Context(JsonObject request) => request["context"]!.AsObject();

    private static JsonObject FirstOrder(JsonObject request) =>
        Context(request)["draftOrders"]!["entry"]![0]!["resource"]!.AsObject();

    private static JsonObject PrefetchedCondition(JsonObject request) =>
        request["prefetch"]!["conditions"]!["entry"]![0]!["resource"]!.AsObject();

    private static string DraftOrdersWithEntries(int count)
    {
        var request = new PatientScenario().OrderSign();
        var entries = string.Join(',', Enumerable.Repeat("{}", count));
        return request
            .ToJsonString()
            .Replace(
                "\"entry\":[{\"resource\":{\"resourceType\":\"ServiceRequest\"",
                $"\"entry\":[{entries},{{\"resource\":{{\"resourceType\":\"ServiceRequest\"",
                StringComparison.Ordinal
            );
    }

    public static TheoryData<string, Func<string>, HttpStatusCode> Corpus() =>
        new()
        {
            { "truncated JSON", () => Valid()[..(Valid().Length / 2)], HttpStatusCode.BadRequest },
            {
                "10k levels of nesting",
                () => new string('[', 10_000) + new string(']', 10_000),
                HttpStatusCode.BadRequest
            },
            {
                "10k nested objects in context",
                () =>
                    Valid()
                        .Replace(
                            "\"context\":{",
                            "\"context\":{\"x\":"
                                + string.Concat(Enumerable.Repeat("{\"a\":", 10_000))
                                + "1"
                                + new string('}', 10_000)
                                + ",",
                            StringComparison.Ordinal
                        ),
                HttpStatusCode.BadRequest
            },
            { "hook is a number", () => Changed(r => r["hook"] = 1), HttpStatusCode.BadRequest },
            { "hookInstance is a boolean", () => Changed(r => r["hookInstance"] = true), HttpStatusCode.BadRequest },
            {
                "fhirServer is an array",
                () => Changed(r => r["fhirServer"] = new JsonArray()),
                HttpStatusCode.BadRequest
            },
            {
                "fhirAuthorization is a string",
                () => Changed(r => r["fhirAuthorization"] = "token"),
                HttpStatusCode.BadRequest
            },
            { "context is an array", () => Changed(r => r["context"] = new JsonArray()), HttpStatusCode.BadRequest },
            { "prefetch is a number", () => Changed(r => r["prefetch"] = 1), HttpStatusCode.BadRequest },
            {
                "prefetch value is a string",
                () => Changed(r => r["prefetch"]!["patient"] = "Patient/pat-1"),
                HttpStatusCode.BadRequest
            },
            { "extension is a string (ignored)", () => Changed(r => r["extension"] = "x"), HttpStatusCode.OK },
            {
                "userId is an object",
                () => Changed(r => Context(r)["userId"] = new JsonObject()),
                HttpStatusCode.BadRequest
            },
            { "patientId is a number", () => Changed(r => Context(r)["patientId"] = 7), HttpStatusCode.BadRequest },
            {
                "encounterId is an array",
                () => Changed(r => Context(r)["encounterId"] = new JsonArray()),
                HttpStatusCode.BadRequest
            },
            {
                "draftOrders is an array",
                () => Changed(r => Context(r)["draftOrders"] = new JsonArray()),
                HttpStatusCode.BadRequest
            },
            {
                "draftOrders entry is a string",
                () => Changed(r => Context(r)["draftOrders"]!["entry"] = new JsonArray("x")),
                HttpStatusCode.BadRequest
            },
            { "50,000 draftOrders entries", () => DraftOrdersWithEntries(50_000), HttpStatusCode.BadRequest },
            {
                "50,000 entries in a prefetch Bundle",
                () =>
                    Changed(r =>
                        r["prefetch"]!["conditions"]!["entry"] = new JsonArray(
                            Enumerable.Range(0, 50_000).Select(_ => (JsonNode)new JsonObject()).ToArray()
                        )
                    ),
                HttpStatusCode.BadRequest
            },
            {
                "invalid FHIR: status is a number",
                () => Changed(r => FirstOrder(r)["status"] = 5),
                HttpStatusCode.BadRequest
            },
            {
                "invalid FHIR: coding is an object",
                () => Changed(r => FirstOrder(r)["code"]!["coding"] = new JsonObject()),
                HttpStatusCode.BadRequest
            },
            {
                "invalid FHIR: prefetch birthDate",
                () => Changed(r => r["prefetch"]!["patient"]!["birthDate"] = "yesterday"),
                HttpStatusCode.BadRequest
            },
            // Firely keeps these leniently and throws only when the element is read: still a 400, never a 500.
            {
                "invalid FHIR: a prefetched Condition's coding is an object",
                () =>
                    Changed(r =>
                        PrefetchedCondition(r)["code"] = new JsonObject
                        {
                            ["coding"] = new JsonObject
                            {
                                ["system"] = "http://hl7.org/fhir/sid/icd-10-cm",
                                ["code"] = "C64.1",
                            },
                        }
                    ),
                HttpStatusCode.BadRequest
            },
            {
                "invalid FHIR: unknown code of a required binding where it is read (Observation.status)",
                () => Changed(r => r["prefetch"]!["observations"]!["entry"]![0]!["resource"]!["status"] = "bogus"),
                HttpStatusCode.BadRequest
            },
            // Where nothing reads it, an unknown code is tolerated like a newer FHIR version's code.
            {
                "unknown code of a required binding nothing reads (ServiceRequest.status)",
                () => Changed(r => FirstOrder(r)["status"] = "bogus"),
                HttpStatusCode.OK
            },
            // Inside a Bundle an unknown type is skipped and noted, the same rule as prefetch (data-conventions.md).
            {
                "unknown resource type in draftOrders",
                () =>
                    Changed(r =>
                        Context(r)["draftOrders"]!["entry"]!
                            .AsArray()
                            .Add(
                                new JsonObject
                                {
                                    ["resource"] = new JsonObject { ["resourceType"] = "Spaceship", ["id"] = "s" },
                                }
                            )
                    ),
                HttpStatusCode.OK
            },
            {
                "unknown resource type in prefetch",
                () => Changed(r => r["prefetch"]!["encounter"] = new JsonObject { ["resourceType"] = "Spaceship" }),
                HttpStatusCode.BadRequest
            },
            { "hookInstance not a UUID", () => Changed(r => r["hookInstance"] = "1234"), HttpStatusCode.BadRequest },
            { "wrong hook for the service", () => Changed(r => r["hook"] = "patient-view"), HttpStatusCode.BadRequest },
            {
                "lone surrogate in userId",
                () => Valid().Replace("Practitioner/dr-1", "Practitioner/\\ud800", StringComparison.Ordinal),
                HttpStatusCode.BadRequest
            },
            // The parser's duplicate-name check reads names: the text check must come first.
            {
                "lone surrogate in a member name",
                () => Valid().Replace("\"authoredOn\"", "\"\\ud800\":1,\"authoredOn\"", StringComparison.Ordinal),
                HttpStatusCode.BadRequest
            },
            {
                "lone surrogate in a FHIR string",
                () =>
                    Valid()
                        .Replace(
                            "\"authoredOn\"",
                            "\"note\":[{\"text\":\"\\udfff\"}],\"authoredOn\"",
                            StringComparison.Ordinal
                        ),
                HttpStatusCode.BadRequest
            },
            { "byte order mark (RFC 8259 forbids sending one)", () => "\uFEFF" + Valid(), HttpStatusCode.BadRequest },
            {
                "RTL override in userId",
                () => Valid().Replace("Practitioner/dr-1", "Practitioner/\u202Edr-1", StringComparison.Ordinal),
                HttpStatusCode.OK
            },
            // PostgreSQL cannot store NUL: refused on every database alike (docs/security.md).
            {
                "NUL in userId",
                () => Valid().Replace("Practitioner/dr-1", "Practitioner/dr\\u00001", StringComparison.Ordinal),
                HttpStatusCode.BadRequest
            },
            {
                "NUL in a CPT code",
                () => Changed(r => FirstOrder(r)["code"]!["coding"]![0]!["code"] = "50593\u0000"),
                HttpStatusCode.BadRequest
            },
            {
                "900 kB CPT code",
                () => Changed(r => FirstOrder(r)["code"]!["coding"]![0]!["code"] = new string('5', 900_000)),
                HttpStatusCode.OK
            },
            {
                "9 MiB CPT code",
                () => Changed(r => FirstOrder(r)["code"]!["coding"]![0]!["code"] = new string('5', 9 * 1_048_576)),
                HttpStatusCode.RequestEntityTooLarge
            },
            {
                "10 MB body",
                () => Changed(r => r["padding"] = new string('x', 10 * 1024 * 1024)),
                HttpStatusCode.RequestEntityTooLarge
            },
        };

    [Theory, InSqlite, InPostgreSql]
    public async Task Feedback_with_a_lone_surrogate_gets_400(DatabaseProvider provider)
    {
        var body =
            """{"feedback":[{"card":"\ud800","outcome":"overridden","outcomeTimestamp":"2026-11-20T10:15:00Z"}]}""";

        var response = await (await services.GetAsync(provider)).Client.PostRawAsync(
            HookClient.OrderSign + "/feedback",
            body
        );

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("OperationOutcome", (string?)(await response.ReadJsonAsync())["resourceType"]);
    }

    [Theory, InSqlite(nameof(Corpus)), InPostgreSql(nameof(Corpus))]
    public async Task Bad_input_gets_a_4xx_with_an_operation_outcome_and_the_service_keeps_serving(
        DatabaseProvider provider,
        string input,
        Func<string> body,
        HttpStatusCode expected
    )
    {
        var client = (await services.GetAsync(provider)).Client;
        var response = await client.PostRawAsync(HookClient.OrderSign, body());

        Assert.True(
            expected == response.StatusCode,
            $"{input}: expected {expected}, got {response.StatusCode}: {await response.Content.ReadAsStringAsync()}"
        );
        if (expected != HttpStatusCode.OK)
            Assert.Equal("OperationOutcome", (string?)(await response.ReadJsonAsync())["resourceType"]);
        var next = await client.PostRawAsync(HookClient.OrderSign, Valid());
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }
}
