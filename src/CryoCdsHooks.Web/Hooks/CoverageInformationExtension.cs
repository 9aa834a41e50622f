using System.Text.Json.Nodes;

namespace CryoCdsHooks.Web.Hooks;

/// <summary>
/// Builds the Da Vinci CRD <c>ext-coverage-information</c> extension (CRD 2.2) for one answer, honouring the
/// extension's invariants: no pa-needed when not-covered (q2), info-needed with any conditional (q3), a reason
/// with info-needed OTH (q6) and with indeterminate (q9).
/// </summary>
public static class CoverageInformationExtension
{
    public const string Url = "http://hl7.org/fhir/us/davinci-crd/StructureDefinition/ext-coverage-information";
    public const string ReasonSystem = "http://hl7.org/fhir/us/davinci-crd/CodeSystem/temp";

    public static JsonObject Build(OrderCoverageAnswer answer, bool isPrimaryHook, string policyUrl)
    {
        var parts = new JsonArray();
        if (answer.Coverage?.Id is { } coverageId)
        {
            parts.Add(Part("coverage", "valueReference", new JsonObject { ["reference"] = $"Coverage/{coverageId}" }));
        }
        parts.Add(Part("covered", "valueCode", answer.Covered));
        if (answer.PaNeeded is { } pa) parts.Add(Part("pa-needed", "valueCode", pa));

        var needsClinicalInfo = answer.Covered == "conditional";
        // CRD hook-19: secondary hooks (order-select) must not ask for documentation.
        if (needsClinicalInfo && isPrimaryHook) parts.Add(Part("doc-needed", "valueCode", "clinical"));
        if (needsClinicalInfo) parts.Add(Part("info-needed", "valueCode", "OTH"));
        if (answer.PaNeeded == "conditional") parts.Add(Part("info-needed", "valueCode", "location"));

        var reason = new JsonObject { ["text"] = answer.ReasonText };
        if (answer.ReasonCode is { } code)
        {
            reason["coding"] = new JsonArray(new JsonObject { ["system"] = ReasonSystem, ["code"] = code });
        }
        parts.Add(Part("reason", "valueCodeableConcept", reason));

        parts.Add(new JsonObject
        {
            ["url"] = "detail",
            ["extension"] = new JsonArray(
                Part("category", "valueCode", "cat-other"),
                Part("code", "valueCodeableConcept", new JsonObject
                {
                    ["coding"] = new JsonArray(new JsonObject { ["system"] = ReasonSystem, ["code"] = "policy-link" }),
                }),
                Part("value", "valueUrl", policyUrl),
                // The edition the order was judged by, so a later revision cannot be mistaken for the basis.
                Part("qualification", "valueString", answer.Determination.Policy.Label)),
        });
        parts.Add(Part("date", "valueDate", answer.AssertionDate.ToString("yyyy-MM-dd")));
        parts.Add(Part("coverage-assertion-id", "valueString", answer.CoverageAssertionId));

        return new JsonObject { ["url"] = Url, ["extension"] = parts };
    }

    private static JsonObject Part(string url, string valueName, JsonNode value) =>
        new() { ["url"] = url, [valueName] = value };

    private static JsonObject Part(string url, string valueName, string value) =>
        Part(url, valueName, JsonValue.Create(value));
}
