using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using static CryoCdsHooks.Web.Tests.WorkflowRequests;

namespace CryoCdsHooks.Web.Tests.Security;

/// <summary>
/// The bad-input corpus for the endpoints added after it: the later hooks (appointment-book, order-dispatch,
/// encounter-start) and the DTR operations under /fhir. Every damage that fits any JSON body (bytes, encodings,
/// nesting, sizes, duplicates, types) is sent to each of them, then the damages of each one's own fields: context
/// Bundles and Tasks of the wrong type, Parameters of the wrong type, impossible dates and numbers, references to
/// other patients and to other hosts, prefetch that is an OperationOutcome.
/// </summary>
public static class LaterEndpointBadInputs
{
    public const string Package = "/fhir/Questionnaire/$questionnaire-package";
    public const string NextQuestion = "/fhir/Questionnaire/$next-question";
    public const string Expand = "/fhir/ValueSet/$expand";
    public const string RenalForm = "http://cryocdshooks.org/fhir/Questionnaire/mp260-renal-cryoablation";
    public const string Laterality = "http://cryocdshooks.org/fhir/ValueSet/mp260-answer-laterality";
    private const string QrContext = "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/qr-context";
    private const string Json = "application/json";
    private const string FhirJson = "application/fhir+json";
    private const string Marker = "QQMARKERQQ";
    private const string OtherHost = "https://attacker.example.net/fhir/";
    private const HttpStatusCode Bad = HttpStatusCode.BadRequest,
        Ok = HttpStatusCode.OK,
        NotFound = HttpStatusCode.NotFound;

    private static readonly (string Name, string Path, Func<JsonObject> Valid)[] Hooks =
    [
        ("appointment-book", AppointmentBook, () => Booking(new PatientScenario(), Location("ward-1", "21"))),
        ("order-dispatch", OrderDispatch, () =>
            Dispatch(new PatientScenario(), Organization("org-1", ProviderTaxonomy, "261QA1903X"))
        ),
        ("encounter-start", EncounterStart, () => Admission(new PatientScenario())),
    ];

    private static readonly (string Name, string Path, Func<JsonObject> Valid, string FirstMember)[] JsonEndpoints =
    [
        .. Hooks.Select(h => (h.Name, h.Path, h.Valid, "hook")),
        (
            "$questionnaire-package",
            Package,
            () => Parameters(("questionnaire", "valueCanonical", RenalForm)),
            "resourceType"
        ),
        ("$next-question", NextQuestion, () => Adaptive(), "resourceType"),
        ("$expand (POST)", Expand, () => Parameters(("url", "valueUri", Laterality)), "resourceType"),
    ];

    /// <summary>A valid request, with a fresh hookInstance, to the later hook at <paramref name="path"/>.</summary>
    public static JsonObject ValidHookRequest(string path) => Hooks.Single(h => h.Path == path).Valid();

    public static IEnumerable<BadInput> Cases()
    {
        foreach (var (name, path, valid, first) in JsonEndpoints)
        {
            var contentType = path.StartsWith("/fhir", StringComparison.Ordinal) ? FhirJson : Json;
            foreach (var damage in AnyJsonBody(first).Concat(Own(path)))
            {
                yield return new BadInput(
                    damage.Kind,
                    $"{name}: {damage.Field}",
                    path,
                    () => damage.Body(valid()),
                    damage.ContentType ?? contentType,
                    damage.Expected,
                    Accept: damage.Accept
                );
            }
        }
        foreach (var input in Routes())
            yield return input;
    }

    /// <summary>Damages that fit any JSON body, whatever it means.</summary>
    private static IEnumerable<BadInputDamage> AnyJsonBody(string firstMember)
    {
        yield return new("json", "truncated body", b => Utf8(b)[..^3], Bad);
        yield return new("json", "trailing comma", b => Text(b.ToJsonString()[..^1] + ",}"), Bad);
        yield return new("json", "a comment", b => Text("/* x */" + b.ToJsonString()), Bad);
        yield return new("json", "single-quoted member", b => Text("{'a':1," + b.ToJsonString()[1..]), Bad);
        yield return new("json", "bare NaN", b => Text("{\"a\":NaN," + b.ToJsonString()[1..]), Bad);
        yield return new(
            "json",
            "malformed, asking for problem+json",
            b => Utf8(b)[..^3],
            Bad,
            Accept: "application/problem+json"
        );
        yield return new("encoding", "text/plain", Utf8, HttpStatusCode.UnsupportedMediaType, "text/plain");
        yield return new(
            "encoding",
            "application/xml",
            Utf8,
            HttpStatusCode.UnsupportedMediaType,
            "application/fhir+xml"
        );
        yield return new(
            "encoding",
            "charset=utf-16",
            b => Encoding.Unicode.GetBytes(b.ToJsonString()),
            HttpStatusCode.UnsupportedMediaType,
            "application/json; charset=utf-16"
        );
        yield return new(
            "encoding",
            "wrong content type, asking for problem+json",
            Utf8,
            HttpStatusCode.UnsupportedMediaType,
            "text/plain",
            "application/problem+json"
        );
        yield return new("encoding", "UTF-8 BOM", b => [0xEF, 0xBB, 0xBF, .. Utf8(b)], Bad);
        yield return new("encoding", "body in UTF-16LE", b => Encoding.Unicode.GetBytes(b.ToJsonString()), Bad);
        yield return new("bytes", "0xFF in a value", b => WithBytes(b, [0xFF]), Bad);
        yield return new("bytes", "overlong '/' in a value", b => WithBytes(b, [0xC0, 0xAF]), Bad);
        yield return new("text", "escaped NUL in a value", b => WithBytes(b, "x\\u0000"u8.ToArray()), Bad);
        yield return new("text", "escaped lone surrogate in a value", b => WithBytes(b, "\\ud800"u8.ToArray()), Bad);
        yield return new(
            "text",
            "escaped NUL in a member name",
            b => Text("{\"a\\u0000\":1," + b.ToJsonString()[1..]),
            Bad
        );
        yield return new(
            "duplicates",
            firstMember,
            b => Text($"{{\"{firstMember}\":\"x\"," + b.ToJsonString()[1..]),
            Bad
        );
        foreach (var depth in new[] { 65, 100_000 })
            yield return new("nesting", $"{depth} levels", b => Nested(b, depth), Bad);
        yield return new("sizes", "empty body", _ => [], Bad);
        yield return new(
            "sizes",
            "body over the 8 MiB limit",
            b => Text("{\"padding\":\"" + new string('x', 8 * 1024 * 1024) + "\"," + b.ToJsonString()[1..]),
            HttpStatusCode.RequestEntityTooLarge
        );
        yield return new("types", "body is a JSON array", b => Text("[" + b.ToJsonString() + "]"), Bad);
        yield return new("types", "body is null", _ => Text("null"), Bad);
        yield return new("types", "body is a number out of range", _ => Text("1e309"), Bad);
    }

    private static IEnumerable<BadInputDamage> Own(string path) =>
        path switch
        {
            AppointmentBook => HookFields().Concat(LaterHookBadInputs.Booking()),
            OrderDispatch => HookFields().Concat(LaterHookBadInputs.Dispatch()),
            EncounterStart => HookFields().Concat(LaterHookBadInputs.Admission()),
            Package => FhirFields().Concat(PackageFields()),
            NextQuestion => FhirFields().Concat(NextQuestionFields()),
            _ => FhirFields().Concat(ExpandFields()),
        };

    /// <summary>The CDS Hooks fields every hook shares.</summary>
    private static IEnumerable<BadInputDamage> HookFields()
    {
        yield return Changed("types", "hook = 1", r => r["hook"] = 1, Bad);
        yield return Changed("types", "hook of another service", r => r["hook"] = "order-sign", Bad);
        yield return Changed("types", "context = \"x\"", r => r["context"] = "x", Bad);
        yield return Changed("types", "prefetch = []", r => r["prefetch"] = new JsonArray(), Bad);
        yield return Changed("types", "context.patientId = true", r => r["context"]!["patientId"] = true, Bad);
        yield return Changed(
            "sizes",
            "hookInstance of 10,000 characters",
            r => r["hookInstance"] = new string('a', 10_000),
            Bad
        );
        yield return Changed(
            "text",
            "NUL after a valid hookInstance",
            r => r["hookInstance"] = Guid.NewGuid() + "\u0000",
            Bad
        );
        yield return Changed(
            "dates",
            "prefetch birthDate 2026-02-30",
            r => r["prefetch"]!["patient"]!["birthDate"] = "2026-02-30",
            Bad
        );
        yield return Changed(
            "numbers",
            "prefetch tumour size 1e309",
            r => Size(r)["value"] = JsonNode.Parse("1e309"),
            Bad
        );
        yield return Changed(
            "references",
            "prefetch conditions is a Bundle of OperationOutcome",
            r => r["prefetch"]!["conditions"] = PatientScenario.Bundle("searchset", [Outcome()]),
            Ok
        );
        yield return Changed(
            "references",
            "fhirServer not on the allowlist, with fhirAuthorization",
            r =>
            {
                r["prefetch"]!.AsObject().Remove("procedures");
                r["fhirServer"] = "https://169.254.169.254/fhir";
                r["fhirAuthorization"] = Authorization();
            },
            Bad
        );
    }

    /// <summary>What every FHIR operation body can get wrong.</summary>
    private static IEnumerable<BadInputDamage> FhirFields()
    {
        yield return Changed("types", "resourceType Patient", r => r["resourceType"] = "Patient", Bad);
        yield return Changed("types", "resourceType 'Nope'", r => r["resourceType"] = "Nope", Bad);
        yield return Changed("types", "no resourceType", r => r.Remove("resourceType"), Bad);
        yield return Changed("types", "resourceType = 5", r => r["resourceType"] = 5, Bad);
        yield return Changed("types", "id with a space", r => r["id"] = "a b", Bad);
        yield return Changed(
            "dates",
            "meta.lastUpdated 2026-02-30",
            r => r["meta"] = Meta("2026-02-30T00:00:00Z"),
            Bad
        );
        yield return Changed(
            "dates",
            "meta.lastUpdated with hour 25",
            r => r["meta"] = Meta("2026-11-20T25:00:00Z"),
            Bad
        );
    }

    private static IEnumerable<BadInputDamage> PackageFields()
    {
        yield return Changed("types", "parameter is a string", r => r["parameter"] = "x", Bad);
        yield return Changed("types", "parameter entry is a number", r => r["parameter"] = new JsonArray(1), Bad);
        yield return Params("types", "context as valueInteger", Bad, ("context", "valueInteger", 5));
        yield return Params("types", "context as valueBoolean", Bad, ("context", "valueBoolean", true));
        yield return Params("types", "context as an empty string", Bad, ("context", "valueString", ""));
        yield return Params(
            "types",
            "two contexts",
            Bad,
            ("context", "valueString", "a"),
            ("context", "valueString", "b")
        );
        yield return Params("types", "questionnaire as valueInteger", Bad, ("questionnaire", "valueInteger", 7));
        yield return Params("types", "questionnaire as valueBoolean", Bad, ("questionnaire", "valueBoolean", true));
        yield return Params("types", "a Patient as the order", Bad, ("order", "resource", Patient("pat-1")));
        yield return Params("types", "order as a string", Bad, ("order", "valueString", "ServiceRequest/order-1"));
        yield return Params(
            "numbers",
            "valueDecimal 1e309",
            Bad,
            ("coverage", "valueDecimal", JsonNode.Parse("1e309"))
        );
        yield return Params("numbers", "valueInteger above int32", Bad, ("context", "valueInteger", 2147483648L));
        yield return Params("dates", "valueDate 2026-02-30", Bad, ("changedsince", "valueDateTime", "2026-02-30"));
        yield return Params(
            "references",
            "context of an unknown assertion",
            NotFound,
            ("context", "valueString", "nope")
        );
        yield return Params(
            "sizes",
            "context of 100,000 characters",
            NotFound,
            ("context", "valueString", new string('a', 100_000))
        );
        yield return Params(
            "references",
            "questionnaire on another host",
            NotFound,
            ("questionnaire", "valueCanonical", OtherHost + "Questionnaire/x")
        );
        yield return Params(
            "references",
            "order of another patient (forms do not vary by patient)",
            Ok,
            ("order", "resource", Order("pat-2"))
        );
        yield return new(
            "sizes",
            "100,000 parameters",
            _ => Text(ParametersText(Enumerable.Repeat("{\"name\":\"x\"}", 100_000))),
            Bad
        );
        yield return new(
            "sizes",
            "5,000 questionnaire parameters",
            _ =>
                Text(
                    ParametersText(
                        Enumerable.Repeat($"{{\"name\":\"questionnaire\",\"valueCanonical\":\"{RenalForm}\"}}", 5_000)
                    )
                ),
            Ok
        );
    }

    private static IEnumerable<BadInputDamage> NextQuestionFields()
    {
        yield return Changed("types", "no contained Questionnaire", r => r.Remove("contained"), Bad);
        yield return Changed("types", "contained is a string", r => r["contained"] = "x", Bad);
        yield return Changed("types", "qr-context as a string", r => r["extension"]![0]!["valueReference"] = "x", Bad);
        yield return Changed(
            "types",
            "qr-context as valueString",
            r =>
                r["extension"] = ParseArray(
                    $"[{{\"url\":\"{QrContext}\",\"valueString\":\"ServiceRequest/order-1\"}}]"
                ),
            Bad
        );
        yield return Changed(
            "types",
            "Parameters whose 'in' is a Patient",
            r =>
                Replace(
                    r,
                    new JsonObject
                    {
                        ["resourceType"] = "Parameters",
                        ["parameter"] = new JsonArray(
                            new JsonObject { ["name"] = "in", ["resource"] = Patient("pat-1") }
                        ),
                    }
                ),
            Bad
        );
        yield return Changed("dates", "authored 2026-02-30", r => r["authored"] = "2026-02-30T10:00:00Z", Bad);
        yield return Changed(
            "numbers",
            "answer valueDecimal 1e309",
            r => r["item"] = ParseArray("[{\"linkId\":\"egfr\",\"answer\":[{\"valueDecimal\":1e309}]}]"),
            Bad
        );
        yield return Changed(
            "references",
            "derived from a form on another host",
            r => r["contained"]![0]!["derivedFrom"] = new JsonArray(OtherHost + "Questionnaire/x"),
            NotFound
        );
        yield return Changed("types", "no subject", r => r.Remove("subject"), Bad);
        yield return Changed("references", "subject of no patient", r => r["subject"]!["reference"] = "Group/g-1", Bad);
        yield return Changed(
            "references",
            "the order of another patient (never evaluated)",
            r => r["subject"]!["reference"] = "Patient/pat-2",
            NotFound
        );
        yield return Changed(
            "references",
            "qr-context on another host",
            r => r["extension"]![0]!["valueReference"]!["reference"] = OtherHost + "ServiceRequest/nowhere-1",
            NotFound
        );
        yield return Changed(
            "sizes",
            "10,000 basedOn references",
            r =>
            {
                r["extension"]![0]!["valueReference"]!["reference"] = "ServiceRequest/nowhere-1";
                r["basedOn"] = new JsonArray(
                    Enumerable
                        .Range(0, 10_000)
                        .Select(i => (JsonNode)new JsonObject { ["reference"] = $"ServiceRequest/n{i}" })
                        .ToArray()
                );
            },
            NotFound
        );
    }

    private static IEnumerable<BadInputDamage> ExpandFields()
    {
        yield return Params("types", "url as valueInteger", Bad, ("url", "valueInteger", 5));
        yield return Params(
            "numbers",
            "count 1e309",
            Bad,
            ("url", "valueUri", Laterality),
            ("count", "valueInteger", JsonNode.Parse("1e309"))
        );
        yield return Params("types", "url as valueBoolean", Bad, ("url", "valueBoolean", true));
        yield return Changed("types", "parameter is a string", r => r["parameter"] = "x", Bad);
        yield return Params(
            "references",
            "url on another host",
            NotFound,
            ("url", "valueUri", OtherHost + "ValueSet/x")
        );
        yield return Params(
            "sizes",
            "url of 100,000 characters",
            NotFound,
            ("url", "valueUri", "http://x/" + new string('a', 100_000))
        );
        yield return Params(
            "dates",
            "date 2026-02-30",
            Bad,
            ("url", "valueUri", Laterality),
            ("date", "valueDateTime", "2026-02-30")
        );
        yield return new(
            "sizes",
            "100,000 parameters",
            _ => Text(ParametersText(Enumerable.Repeat("{\"name\":\"x\"}", 100_000))),
            Bad
        );
    }

    /// <summary>Requests that no body makes right: methods, routes and query strings.</summary>
    private static IEnumerable<BadInput> Routes()
    {
        BadInput Get(string kind, string field, string path, HttpStatusCode expected, string method = "GET") =>
            new(kind, field, path, () => [], Json, expected, method);

        yield return Get("routes", "GET $expand without url", Expand, Bad);
        yield return Get("routes", "GET $expand with a NUL in url", Expand + "?url=a%00b", Bad);
        // Percent-encoded invalid UTF-8 is not decoded: the value is the ASCII text itself.
        yield return Get("routes", "GET $expand with encoded invalid UTF-8", Expand + "?url=%ED%A0%80", NotFound);
        yield return Get(
            "routes",
            "GET $expand of a ValueSet on another host",
            Expand + "?url=" + Uri.EscapeDataString(OtherHost + "ValueSet/x"),
            NotFound
        );
        yield return Get(
            "routes",
            "GET $expand with a url over the request-target limit",
            Expand + "?url=" + new string('a', 5_000),
            HttpStatusCode.RequestUriTooLong
        );
        yield return Get("routes", "GET $expand of a bare '|'", Expand + "?url=%7C", NotFound);
        yield return Get("routes", "GET on $questionnaire-package", Package, HttpStatusCode.MethodNotAllowed);
        yield return Get("routes", "GET on $next-question", NextQuestion, HttpStatusCode.MethodNotAllowed);
        yield return Get("routes", "PUT on /fhir/metadata", "/fhir/metadata", HttpStatusCode.MethodNotAllowed, "PUT");
        yield return Get(
            "routes",
            "DELETE on appointment-book",
            AppointmentBook,
            HttpStatusCode.MethodNotAllowed,
            "DELETE"
        );
        yield return Get("routes", "GET another patient's resource under /fhir", "/fhir/Patient/pat-2", NotFound);
        yield return Get(
            "routes",
            "an operation this server has not",
            "/fhir/Questionnaire/$populate",
            NotFound,
            "POST"
        );
    }

    internal static BadInputDamage Changed(
        string kind,
        string field,
        Action<JsonObject> change,
        HttpStatusCode expected
    ) =>
        new(
            kind,
            field,
            b =>
            {
                change(b);
                return Utf8(b);
            },
            expected
        );

    private static BadInputDamage Params(
        string kind,
        string field,
        HttpStatusCode expected,
        params (string Name, string Type, JsonNode? Value)[] values
    ) => new(kind, field, _ => Utf8(Parameters(values)), expected);

    public static JsonObject Parameters(params (string Name, string Type, JsonNode? Value)[] values) =>
        new()
        {
            ["resourceType"] = "Parameters",
            ["parameter"] = new JsonArray(
                values
                    .Select(v => (JsonNode)new JsonObject { ["name"] = v.Name, [v.Type] = v.Value?.DeepClone() })
                    .ToArray()
            ),
        };

    /// <summary>A new adaptive QuestionnaireResponse on the renal form for order-1 of pat-1.</summary>
    public static JsonObject Adaptive(
        string patient = PatientScenario.PatientId,
        string order = "ServiceRequest/order-1"
    ) =>
        Parse(
            $$$"""
            {"resourceType":"QuestionnaireResponse","questionnaire":"#adaptive","status":"in-progress",
             "subject":{"reference":"Patient/{{{patient}}}"},
             "contained":[{"resourceType":"Questionnaire","id":"adaptive","status":"active",
                           "derivedFrom":["{{{RenalForm}}}"]}],
             "extension":[{"url":"{{{QrContext}}}","valueReference":{"reference":"{{{order}}}"}}]}
            """
        );

    private static string ParametersText(IEnumerable<string> parameters) =>
        "{\"resourceType\":\"Parameters\",\"parameter\":[" + string.Join(",", parameters) + "]}";

    private static JsonObject Patient(string id) => new() { ["resourceType"] = "Patient", ["id"] = id };

    private static JsonObject Order(string patient) =>
        Parse(
            $$$"""
            {"resourceType":"ServiceRequest","id":"order-9","status":"draft","intent":"order",
             "code":{"coding":[{"system":"http://www.ama-assn.org/go/cpt","code":"50593"}]},
             "subject":{"reference":"Patient/{{{patient}}}"}}
            """
        );

    private static JsonObject Meta(string lastUpdated) => new() { ["lastUpdated"] = lastUpdated };

    internal static JsonObject Outcome() =>
        Parse("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"exception\"}]}");

    internal static JsonObject Authorization() =>
        new()
        {
            ["access_token"] = "secret-token",
            ["token_type"] = "Bearer",
            ["expires_in"] = 300,
            ["scope"] = "patient/*.read",
            ["subject"] = "s",
        };

    private static JsonObject Size(JsonObject request) =>
        request["prefetch"]!["observations"]!["entry"]!
            .AsArray()
            .Select(e => e!["resource"]!.AsObject())
            .Single(o => (string?)o["id"] == "size-1")["valueQuantity"]!.AsObject();

    private static void Replace(JsonObject target, JsonObject with)
    {
        foreach (var name in target.Select(p => p.Key).ToList())
            target.Remove(name);
        foreach (var (name, value) in with.ToList())
            target[name] = value?.DeepClone();
    }

    internal static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    private static JsonArray ParseArray(string json) => JsonNode.Parse(json)!.AsArray();

    internal static byte[] Utf8(JsonObject body) => Encoding.UTF8.GetBytes(body.ToJsonString());

    private static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>The body with an extra member whose value's raw bytes are <paramref name="bytes"/>.</summary>
    private static byte[] WithBytes(JsonObject body, byte[] bytes)
    {
        var text = Encoding.UTF8.GetBytes("{\"x\":\"" + Marker + "\"," + body.ToJsonString()[1..]);
        var at = text.AsSpan().IndexOf(Encoding.ASCII.GetBytes(Marker));
        return [.. text[..at], .. bytes, .. text[(at + Marker.Length)..]];
    }

    /// <summary>The body with <paramref name="depth"/> nested arrays in a member of its own.</summary>
    private static byte[] Nested(JsonObject body, int depth) =>
        Text($"{{\"nested\":{new string('[', depth)}1{new string(']', depth)}," + body.ToJsonString()[1..]);
}
