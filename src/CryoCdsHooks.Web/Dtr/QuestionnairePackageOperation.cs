using CryoCdsHooks.PolicyEngine;
using CryoCdsHooks.PolicyEngine.Terminology;
using CryoCdsHooks.Web.Hooks;
using CryoCdsHooks.Web.Security;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.Web.Dtr;

/// <summary>
/// DTR 2.0.1 <c>Questionnaire/$questionnaire-package</c>: one DTR-QPackageBundle per form asked for (by canonical,
/// by order, or by the CRD coverage-assertion-id in <c>context</c>), each with its Questionnaire, the prefill Library
/// and the answer ValueSets. With a context, the form holds only the questions that evaluation left open.
/// </summary>
public static class QuestionnairePackageOperation
{
    public const string OutputProfile =
        "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/dtr-qpackage-output-parameters";
    public const string BundleProfile = "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/DTR-QPackageBundle";

    public static async Task<IResult> HandleAsync(
        HttpContext http,
        FhirRequestBody body,
        QuestionnaireCatalog catalog,
        QuestionnaireBuilder builder,
        StoredEvaluations evaluations,
        PolicyTerminology terminology,
        PayerIdentity payer,
        CancellationToken ct
    )
    {
        var (resource, error) = await body.ReadAsync(http, ct);
        if (error is not null)
            return error;
        if (resource is not Parameters input)
        {
            return FhirRequestBody.Invalid(
                http,
                "The body must be a Parameters resource (dtr-qpackage-input-parameters).",
                "resourceType"
            );
        }
        var (package, problem) = QuestionnairePackageInput.Read(input);
        if (problem is { } wrong)
            return FhirRequestBody.Invalid(http, wrong.Message, wrong.Expression);
        var contexts = Named(input, "context").ToList();
        var canonicals = Named(input, "questionnaire").ToList();
        var orders = Named(input, "order").ToList();
        if (contexts.Count + canonicals.Count + orders.Count == 0)
        {
            return FhirRequestBody.Invalid(
                http,
                "Name an order, a questionnaire canonical or a context (dtr-1).",
                "Parameters.parameter"
            );
        }
        var contextIds = contexts.Select(c => (c.Value as FhirString)?.Value).ToList();
        if (contextIds.Count > 1 || contextIds.Any(string.IsNullOrEmpty))
            return FhirRequestBody.Invalid(http, "context is one string: the coverage-assertion-id.", "context");
        // A value of another type would otherwise be read as no questionnaire (404) or as an order that needs no form.
        if (canonicals.Any(c => CanonicalOf(c) is null))
            return FhirRequestBody.Invalid(http, "questionnaire is a canonical (valueCanonical).", "questionnaire");
        if (orders.Any(o => o.Resource is null || !OrderTypes.Contains(o.Resource.TypeName)))
        {
            return FhirRequestBody.Invalid(http, $"order is a resource: {string.Join(", ", OrderTypes)}.", "order");
        }

        if (package!.OnlyOtherPayers(payer))
        {
            return FhirResults.Ok(
                Outcome(
                    OperationOutcome.IssueSeverity.Warning,
                    OperationOutcome.IssueType.BusinessRule,
                    "The coverage is with another payer: this service collects documentation for its own members "
                        + "only. Ask the payer of that coverage."
                )
            );
        }

        var wanted = new List<(DocumentationForm Form, IReadOnlySet<string>? Only)>();
        if (contextIds is [{ } id])
        {
            var evaluation = await evaluations.ByAssertionIdAsync(http.User.CdsClientId() ?? "", id, ct);
            if (evaluation is null)
                return FhirRequestBody.NotFound(
                    http,
                    "Unknown context",
                    "There is no coverage assertion with this id."
                );
            if (
                evaluation.Missing.Count > 0
                && catalog.Forms.FirstOrDefault(f => f.Id == evaluation.QuestionnaireId) is { } form
            )
                wanted.Add((form, OpenQuestions.Of(form, evaluation.Missing).Select(i => i.LinkId).ToHashSet()));
        }
        else
        {
            foreach (var canonical in canonicals)
            {
                var url = CanonicalOf(canonical) ?? "";
                if (catalog.FormByCanonical(url) is not { } form)
                {
                    return FhirRequestBody.NotFound(
                        http,
                        "Unknown questionnaire",
                        $"This service has no Questionnaire '{url}'; see GET /fhir/metadata."
                    );
                }
                wanted.Add((form, null));
            }
            foreach (var order in orders)
            {
                if (
                    order.Resource is ServiceRequest request
                    && ProcedureClassification.Classify(request, terminology) is var (procedure, _)
                )
                {
                    wanted.Add((catalog.FormFor(procedure), null));
                }
            }
        }
        // Every artifact of a form is released together (QuestionnaireCatalog.Released).
        if (package.ChangedSince is { } since && wanted.Count > 0 && since >= catalog.Released)
        {
            return FhirResults.Ok(
                Outcome(
                    OperationOutcome.IssueSeverity.Information,
                    OperationOutcome.IssueType.Informational,
                    $"No form has changed since {since:O}: the forms were last changed {catalog.Released:O}."
                )
            );
        }
        return FhirResults.Ok(Output(wanted.DistinctBy(w => w.Form.Id), catalog, builder));
    }

    private static Parameters Output(
        IEnumerable<(DocumentationForm Form, IReadOnlySet<string>? Only)> wanted,
        QuestionnaireCatalog catalog,
        QuestionnaireBuilder builder
    )
    {
        var output = new Parameters { Meta = new Meta { Profile = [OutputProfile] } };
        foreach (var (form, only) in wanted)
            output.Parameter.Add(
                new Parameters.ParameterComponent
                {
                    Name = "PackageBundle",
                    Resource = Package(form, only, catalog, builder),
                }
            );
        return output.Parameter.Count > 0
            ? output
            : Outcome(
                OperationOutcome.IssueSeverity.Information,
                OperationOutcome.IssueType.NotFound,
                "Medical Policy 260 needs no documentation for this request."
            );
    }

    /// <summary>An output with no form, only an OperationOutcome that says why.</summary>
    private static Parameters Outcome(
        OperationOutcome.IssueSeverity severity,
        OperationOutcome.IssueType code,
        string diagnostics
    ) =>
        new()
        {
            Meta = new Meta { Profile = [OutputProfile] },
            Parameter =
            [
                new Parameters.ParameterComponent
                {
                    Name = "operationOutcome",
                    Resource = new OperationOutcome
                    {
                        Issue =
                        [
                            new OperationOutcome.IssueComponent
                            {
                                Severity = severity,
                                Code = code,
                                Diagnostics = diagnostics,
                            },
                        ],
                    },
                },
            ],
        };

    private static Bundle Package(
        DocumentationForm form,
        IReadOnlySet<string>? only,
        QuestionnaireCatalog catalog,
        QuestionnaireBuilder builder
    )
    {
        var questionnaire = builder.Standard(form, only);
        var bundle = new Bundle
        {
            Meta = new Meta { Profile = [BundleProfile] },
            Type = Bundle.BundleType.Collection,
        };
        bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = questionnaire.Url, Resource = questionnaire });
        var library = catalog.PrefillLibrary;
        bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = library.Url, Resource = library });
        var items = form.Items.Where(i => only is null || only.Contains(i.LinkId));
        foreach (var valueSet in catalog.AnswerValueSets(items))
            bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = valueSet.Url, Resource = valueSet });
        return bundle;
    }

    /// <summary>The order resource types dtr-qpackage-input-parameters allows (DTR 2.0.1).</summary>
    private static readonly string[] OrderTypes =
    [
        "Appointment",
        "Encounter",
        "CommunicationRequest",
        "DeviceRequest",
        "ImmunizationRecommendation",
        "MedicationRequest",
        "NutritionOrder",
        "ServiceRequest",
        "SupplyRequest",
        "VisionPrescription",
    ];

    private static string? CanonicalOf(Parameters.ParameterComponent parameter) =>
        parameter.Value switch
        {
            Canonical canonical => canonical.Value,
            FhirUri uri => uri.Value,
            _ => null,
        };

    private static IEnumerable<Parameters.ParameterComponent> Named(Parameters input, string name) =>
        input.Parameter.Where(p => p.Name == name);
}
