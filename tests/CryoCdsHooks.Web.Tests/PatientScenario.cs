using System.Text.Json.Nodes;

namespace CryoCdsHooks.Web.Tests;

/// <summary>
/// Builds hook requests in code: a patient with a localized 3 cm right renal cell carcinoma who is attested
/// not to be a surgical candidate (covered under policy 260), which tests then vary.
/// </summary>
public sealed class PatientScenario
{
    public const string PatientId = "pat-1";
    public const string EncounterId = "enc-1";
    public const string CoverageId = "cov-1";

    public string EncounterClass { get; set; } = "AMB";
    public bool HasCoverage { get; set; } = true;
    public List<JsonObject> Coverages { get; } = [Coverage(CoverageId)];
    public List<JsonObject> Conditions { get; } = [Condition("rcc-1", "http://hl7.org/fhir/sid/icd-10-cm", "C64.1")];
    public List<JsonObject> Observations { get; } =
    [
        Quantity("size-1", "21889-1", 3.0m, "cm"),
        Coded("cn-1", "21906-3", "http://snomed.info/sct", "1229967007"),
        Coded("cm-1", "21907-1", "http://snomed.info/sct", "1229901006"),
        Attestation("att-1", "not-surgical-candidate", true),
    ];
    public List<JsonObject> Orders { get; } = [Order("order-1", "50593")];

    public JsonObject OrderSign(string? hookInstance = null) => Request("order-sign", hookInstance, selections: null);

    public JsonObject OrderSelect(params string[] selections) => Request("order-select", null, selections);

    private JsonObject Request(string hook, string? hookInstance, string[]? selections)
    {
        var context = new JsonObject
        {
            ["userId"] = "Practitioner/dr-1",
            ["patientId"] = PatientId,
            ["encounterId"] = EncounterId,
            ["draftOrders"] = Bundle("collection", Orders),
        };
        if (selections is not null)
            context["selections"] = new JsonArray(selections.Select(s => (JsonNode)JsonValue.Create(s)).ToArray());

        return new JsonObject
        {
            ["hook"] = hook,
            ["hookInstance"] = hookInstance ?? Guid.NewGuid().ToString(),
            ["context"] = context,
            ["prefetch"] = new JsonObject
            {
                ["patient"] = new JsonObject
                {
                    ["resourceType"] = "Patient",
                    ["id"] = PatientId,
                    ["birthDate"] = "1950-01-01",
                },
                ["encounter"] = new JsonObject
                {
                    ["resourceType"] = "Encounter",
                    ["id"] = EncounterId,
                    ["status"] = "planned",
                    ["class"] = new JsonObject
                    {
                        ["system"] = "http://terminology.hl7.org/CodeSystem/v3-ActCode",
                        ["code"] = EncounterClass,
                    },
                    ["subject"] = PatientReference(),
                },
                ["coverage"] = Bundle("searchset", HasCoverage ? Coverages : []),
                ["conditions"] = Bundle("searchset", Conditions),
                ["observations"] = Bundle("searchset", Observations),
                ["procedures"] = Bundle("searchset", []),
                ["diagnosticReports"] = Bundle("searchset", []),
                ["questionnaireResponses"] = Bundle("searchset", []),
            },
        };
    }

    public static JsonObject Order(string id, string cpt, string authoredOn = "2026-11-20") =>
        new()
        {
            ["resourceType"] = "ServiceRequest",
            ["id"] = id,
            ["status"] = "draft",
            ["intent"] = "order",
            ["code"] = new JsonObject { ["coding"] = new JsonArray(Coding("http://www.ama-assn.org/go/cpt", cpt)) },
            ["subject"] = PatientReference(),
            ["encounter"] = new JsonObject { ["reference"] = $"Encounter/{EncounterId}" },
            ["authoredOn"] = authoredOn,
        };

    public static JsonObject Condition(string id, string system, string code) =>
        new()
        {
            ["resourceType"] = "Condition",
            ["id"] = id,
            ["clinicalStatus"] = Concept("http://terminology.hl7.org/CodeSystem/condition-clinical", "active"),
            ["verificationStatus"] = Concept("http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed"),
            ["code"] = Concept(system, code),
            ["subject"] = PatientReference(),
        };

    public static JsonObject Quantity(
        string id,
        string loinc,
        decimal value,
        string unit,
        string date = "2026-11-01"
    ) =>
        Observation(
            id,
            loinc,
            date,
            "valueQuantity",
            new JsonObject
            {
                ["value"] = value,
                ["unit"] = unit,
                ["system"] = "http://unitsofmeasure.org",
                ["code"] = unit,
            }
        );

    public static JsonObject Coded(string id, string loinc, string system, string code, string date = "2026-11-01") =>
        Observation(id, loinc, date, "valueCodeableConcept", Concept(system, code));

    public static JsonObject Attestation(string id, string code, bool value, string date = "2026-11-10")
    {
        var observation = Observation(id, code, date, "valueBoolean", JsonValue.Create(value));
        observation["code"] = Concept("http://cryocdshooks.org/fhir/CodeSystem/mp260-attestation", code);
        return observation;
    }

    public static JsonObject Observation(string id, string loinc, string date, string valueName, JsonNode value) =>
        new()
        {
            ["resourceType"] = "Observation",
            ["id"] = id,
            ["status"] = "final",
            ["code"] = Concept("http://loinc.org", loinc),
            ["subject"] = PatientReference(),
            ["effectiveDateTime"] = date,
            [valueName] = value,
        };

    public const string OurPayer = "Blue Cross Blue Shield of Massachusetts";

    /// <summary>
    /// A Coverage of <paramref name="payer"/> (null: a bare payor reference, nothing to read); period and order only
    /// when given.
    /// </summary>
    public static JsonObject Coverage(
        string id,
        string? payer = OurPayer,
        string? status = "active",
        string? start = null,
        string? end = null,
        int? order = null
    )
    {
        var payor = new JsonObject { ["reference"] = $"Organization/{id}-payer" };
        if (payer is not null)
            payor["display"] = payer;
        var coverage = new JsonObject
        {
            ["resourceType"] = "Coverage",
            ["id"] = id,
            ["beneficiary"] = PatientReference(),
            ["payor"] = new JsonArray(payor),
        };
        if (status is not null)
            coverage["status"] = status;
        if (start is not null || end is not null)
        {
            var period = new JsonObject();
            if (start is not null)
                period["start"] = start;
            if (end is not null)
                period["end"] = end;
            coverage["period"] = period;
        }
        if (order is not null)
            coverage["order"] = order;
        return coverage;
    }

    public static JsonObject Bundle(string type, IEnumerable<JsonObject> resources)
    {
        var bundle = new JsonObject { ["resourceType"] = "Bundle", ["type"] = type };
        var entries = resources.Select(r => (JsonNode)new JsonObject { ["resource"] = r.DeepClone() }).ToArray();
        // FHIR JSON forbids empty arrays: an empty result has no entry element.
        if (entries.Length > 0)
            bundle["entry"] = new JsonArray(entries);
        return bundle;
    }

    private static JsonObject PatientReference() => new() { ["reference"] = $"Patient/{PatientId}" };

    private static JsonObject Coding(string system, string code) => new() { ["system"] = system, ["code"] = code };

    private static JsonObject Concept(string system, string code) =>
        new() { ["coding"] = new JsonArray(Coding(system, code)) };
}
