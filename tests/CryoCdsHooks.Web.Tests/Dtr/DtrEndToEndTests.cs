using System.Net;
using System.Text.Json.Nodes;
using CryoCdsHooks.Web.Tests.Docs;
using CryoCdsHooks.Web.Tests.Security;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Task = System.Threading.Tasks.Task;

namespace CryoCdsHooks.Web.Tests.Dtr;

/// <summary>
/// The whole DTR round trip a client makes from our card (docs/dtr.md "The flow"), on both hooks: the order is
/// conditional → <c>$questionnaire-package</c> for the order → the form prefilled by executing its CQL over the
/// chart → the clinician answers what is still open → the completed QuestionnaireResponse in the next call's
/// prefetch → covered or not-covered.
/// </summary>
public sealed class DtrEndToEndTests(SecuredServiceFixture fixture) : IClassFixture<SecuredServiceFixture>
{
    private const string QrContext = "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/qr-context";
    private const string IntendedUse = "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/intendedUse";
    private const string Clinician = "Practitioner/dtr-e2e-clinician";
    private const string Origin = "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/information-origin";
    private readonly DtrCalls _dtr = new(fixture);

    /// <summary>
    /// Sample, what the CQL prefills from its chart, what the clinician answers, and the answer after.
    /// </summary>
    public static TheoryData<string, string, string[], string, string> Cases()
    {
        var data = new TheoryData<string, string, string[], string, string>();
        (string Sample, string[] Prefilled, string Answers, string Covered)[] cases =
        [
            (
                "07-renal-candidacy-unknown",
                ["egfr", "staging", "tumor-size"],
                """{"surgical-candidacy": {"valueBoolean": false}}""",
                "covered"
            ),
            (
                "08-renal-no-size-no-staging-inpatient",
                ["surgical-candidacy"],
                """
                {"tumor-size": {"valueQuantity": {"value": 28, "unit": "mm", "system": "http://unitsofmeasure.org",
                  "code": "mm"}},
                 "staging": {"valueCoding": {"system": "http://cancerstaging.org", "code": "1"}}}
                """,
                "covered"
            ),
            (
                "09-renal-stale-egfr",
                ["staging", "tumor-size"],
                """
                {"surgical-candidacy": {"valueBoolean": true},
                 "egfr": {"valueQuantity": {"value": 42, "unit": "mL/min/{1.73_m2}",
                   "system": "http://unitsofmeasure.org", "code": "mL/min/{1.73_m2}"}},
                 "resection-worsens-kidney-function": {"valueBoolean": true}}
                """,
                "covered"
            ),
            (
                "held-out-practice/58-epic-lung-nsclc-candidacy-unknown",
                ["histology", "staging"],
                """{"surgical-candidacy": {"valueBoolean": true}}""",
                "not-covered"
            ),
            (
                "held-out-practice/71-synthea-renal-candidacy-unknown-normal-egfr",
                ["egfr", "staging"],
                """{"surgical-candidacy": {"valueBoolean": false}}""",
                "covered"
            ),
        ];
        foreach (var (sample, prefilled, answers, covered) in cases)
        foreach (var hook in new[] { "order-sign", "order-select" })
            data.Add(sample, hook, prefilled, answers, covered);
        return data;
    }

    [CqlRunnerTheory]
    [MemberData(nameof(Cases))]
    public async Task A_conditional_order_is_decided_once_the_prefilled_form_is_completed(
        string sample,
        string hook,
        string[] prefilled,
        string answers,
        string covered
    )
    {
        var request = JsonNode
            .Parse(
                await File.ReadAllTextAsync(
                    Path.Combine(MarkdownDocument.RepositoryRoot(), "fhir-samples", sample, "hook-request.json")
                )
            )!
            .AsObject();
        var order = request["context"]!["draftOrders"]!["entry"]![0]!["resource"]!.AsObject();
        var orderReference = $"ServiceRequest/{order["id"]}";

        var before = await CallHookAsync(request, hook);
        Assert.Equal("conditional", before[orderReference].Covered);

        // The package for the order: its form, the prefill Library and the answer lists.
        var package = await DtrCalls.ReadAsync<Parameters>(
            await _dtr.SendAsync(
                DtrCalls.Package,
                new Parameters
                {
                    Parameter =
                    [
                        new Parameters.ParameterComponent
                        {
                            Name = "order",
                            Resource = new FhirJsonDeserializer().Deserialize<ServiceRequest>(order.ToJsonString()),
                        },
                    ],
                }
            )
        );
        var form = Assert.IsType<Questionnaire>(
            package.Parameter.Single(p => p.Name == "PackageBundle").Resource is Bundle bundle
                ? bundle.Entry[0].Resource
                : null
        );

        var dateOfService = ((string)order["occurrenceDateTime"]!)[..10];
        var cql = await CqlPrefill.RunAsync(ChartOf(request), dateOfService);
        var clinician = JsonNode.Parse(answers)!.AsObject();
        var used = new List<string>();
        var items = Answer(form.Item, cql, clinician, used);
        Assert.Equal(prefilled.Order(), used.Order());
        // Every answer the clinician gives is to a question of the form.
        Assert.All(clinician, a => Assert.Contains(a.Key, Leaves(form.Item)));

        var response = new JsonObject
        {
            ["resourceType"] = "QuestionnaireResponse",
            ["id"] = "dtr-e2e",
            ["extension"] = new JsonArray(
                new JsonObject
                {
                    ["url"] = QrContext,
                    ["valueReference"] = new JsonObject { ["reference"] = orderReference },
                },
                new JsonObject
                {
                    ["url"] = QrContext,
                    ["valueReference"] = new JsonObject
                    {
                        ["reference"] =
                            $"Coverage/{request["prefetch"]!["coverage"]!["entry"]![0]!["resource"]!["id"]}",
                    },
                },
                new JsonObject
                {
                    ["url"] = IntendedUse,
                    ["valueCodeableConcept"] = new JsonObject
                    {
                        ["coding"] = new JsonArray(
                            new JsonObject
                            {
                                ["system"] = "http://hl7.org/fhir/us/davinci-crd/CodeSystem/temp",
                                ["code"] = "retain-doc",
                            }
                        ),
                    },
                }
            ),
            ["questionnaire"] = form.Url,
            ["status"] = "completed",
            ["subject"] = new JsonObject { ["reference"] = $"Patient/{request["context"]!["patientId"]}" },
            ["authored"] = (string)order["authoredOn"]!,
            ["author"] = new JsonObject { ["reference"] = Clinician },
            ["item"] = items,
        };
        // What the client stores is a DTR QuestionnaireResponse: the response this service reads conforms.
        DtrProfileValidator.Instance.AssertConforms(
            new FhirJsonDeserializer().Deserialize<QuestionnaireResponse>(response.ToJsonString()),
            QuestionnaireResponseProfileTests.Profile
        );
        request["prefetch"]!["questionnaireResponses"] = new JsonObject
        {
            ["resourceType"] = "Bundle",
            ["type"] = "searchset",
            ["entry"] = new JsonArray(new JsonObject { ["resource"] = response }),
        };

        var after = await CallHookAsync(request, hook);
        Assert.Equal(covered, after[orderReference].Covered);
    }

    private async Task<Dictionary<string, CoverageInformation>> CallHookAsync(JsonObject request, string hook)
    {
        var call = request.DeepClone().AsObject();
        call["hook"] = hook;
        call["hookInstance"] = Guid.NewGuid().ToString();
        if (hook == "order-select")
            call["context"]!["selections"] = new JsonArray(
                call["context"]!["draftOrders"]!["entry"]!
                    .AsArray()
                    .Select(e => (JsonNode)$"ServiceRequest/{e!["resource"]!["id"]}")
                    .ToArray()
            );
        var response = await _dtr.SendAsync($"/cds-services/cryoablation-{hook}", call);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return HookClient.CoverageInformationByOrder(await response.ReadJsonAsync());
    }

    /// <summary>The chart the client prefills from: every prefetched resource, as one collection Bundle.</summary>
    private static JsonObject ChartOf(JsonObject request)
    {
        var entries = new JsonArray();
        foreach (var (_, value) in request["prefetch"]!.AsObject())
        {
            if (value is not JsonObject resource)
                continue;
            var resources =
                (string?)resource["resourceType"] == "Bundle"
                    ? (resource["entry"]?.AsArray() ?? []).Select(e => e?["resource"]).OfType<JsonObject>()
                    : [resource];
            foreach (var item in resources.Where(r => (string?)r["resourceType"] != "OperationOutcome"))
                entries.Add(new JsonObject { ["resource"] = item.DeepClone() });
        }
        return new JsonObject
        {
            ["resourceType"] = "Bundle",
            ["type"] = "collection",
            ["entry"] = entries,
        };
    }

    /// <summary>
    /// The response items for the form's items: the clinician's answer where given, otherwise the CQL's prefill
    /// (whose linkIds are collected in <paramref name="used"/>); unanswered questions are left out.
    /// </summary>
    private static JsonArray Answer(
        List<Questionnaire.ItemComponent> formItems,
        JsonObject cql,
        JsonObject clinician,
        List<string> used
    )
    {
        var result = new JsonArray();
        foreach (var item in formItems)
        {
            if (item.Type == Questionnaire.QuestionnaireItemType.Group)
            {
                var children = Answer(item.Item, cql, clinician, used);
                if (children.Count > 0)
                    result.Add(new JsonObject { ["linkId"] = item.LinkId, ["item"] = children });
                continue;
            }
            var typed = clinician[item.LinkId!]?.DeepClone().AsObject();
            var answers = typed is null ? Prefilled(cql[item.LinkId!]) : [typed];
            if (answers.Count == 0)
                continue;
            if (typed is null)
                used.Add(item.LinkId!);
            foreach (var answer in answers)
                answer["extension"] = new JsonArray(OriginOf(manual: typed is not null));
            result.Add(new JsonObject { ["linkId"] = item.LinkId, ["answer"] = new JsonArray([.. answers]) });
        }
        return result;
    }

    /// <summary>
    /// DTR information-origin: prefilled by the CQL (auto) or typed by the clinician (manual, naming them).
    /// </summary>
    private static JsonObject OriginOf(bool manual)
    {
        var parts = new JsonArray(new JsonObject { ["url"] = "source", ["valueCode"] = manual ? "manual" : "auto" });
        if (manual)
            parts.Add(
                new JsonObject
                {
                    ["url"] = "author",
                    ["extension"] = new JsonArray(
                        new JsonObject
                        {
                            ["url"] = "practitioner",
                            ["valueReference"] = new JsonObject { ["reference"] = Clinician },
                        }
                    ),
                }
            );
        return new JsonObject { ["url"] = Origin, ["extension"] = parts };
    }

    /// <summary>The item's prefilled answers: none, one, or one per element of a list (the staging repeats).</summary>
    private static List<JsonObject> Prefilled(JsonNode? value) =>
        value switch
        {
            null => [],
            JsonArray list => [.. list.Select(PrefilledAnswer)],
            _ => [PrefilledAnswer(value)],
        };

    private static JsonObject PrefilledAnswer(JsonNode? value) =>
        value switch
        {
            // A Coding (the lung histology, a staging category) is the answer as it is.
            JsonObject coding when coding.ContainsKey("code") => new JsonObject
            {
                ["valueCoding"] = coding.DeepClone(),
            },
            JsonObject quantity => new JsonObject
            {
                ["valueQuantity"] = new JsonObject
                {
                    ["value"] = quantity["value"]!.DeepClone(),
                    ["unit"] = (string?)quantity["unit"],
                    ["system"] = "http://unitsofmeasure.org",
                    ["code"] = (string?)quantity["unit"],
                },
            },
            _ => new JsonObject { ["valueBoolean"] = value!.GetValue<bool>() },
        };

    private static IEnumerable<string> Leaves(List<Questionnaire.ItemComponent> items) =>
        items.SelectMany(i => i.Item.Count > 0 ? Leaves(i.Item) : [i.LinkId!]);
}
