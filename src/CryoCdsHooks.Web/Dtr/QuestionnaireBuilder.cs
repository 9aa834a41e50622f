using System.Net;
using CryoCdsHooks.PolicyEngine.Documentation;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.Web.Dtr;

/// <summary>
/// Builds policy 260's forms as FHIR Questionnaires: the DTR standard form (dtr-std-questionnaire) and the adaptive
/// one (dtr-questionnaire-adapt) that <c>$next-question</c> grows. Each item names the CQL definition that prefills
/// it (<c>"MP260Prefill"."linkId"</c>, DTR 2.0.1 §4.3: library name, then definition name), the engine criterion
/// it decides (item.code) and the policy clause (code display), and links the policy.
/// </summary>
public sealed class QuestionnaireBuilder(QuestionnaireCatalog catalog, string policyUrl)
{
    public const string StandardProfile =
        "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/dtr-std-questionnaire";
    public const string AdaptiveProfile =
        "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/dtr-questionnaire-adapt";
    public const string CriterionSystem = "http://cryocdshooks.org/fhir/CodeSystem/mp260-criterion";
    private const string Sdc = "http://hl7.org/fhir/uv/sdc/StructureDefinition/";
    private const string Core = "http://hl7.org/fhir/StructureDefinition/";

    /// <summary>The standard form with these items (all of the form's when null), in the form's order.</summary>
    public Questionnaire Standard(DocumentationForm form, IReadOnlySet<string>? only = null)
    {
        var items = form.Items.Where(i => only is null || only.Contains(i.LinkId)).ToList();
        var questionnaire = Base(form, items, StandardProfile);
        questionnaire.Id = form.Id;
        questionnaire.Url = form.Canonical;
        questionnaire.Version = catalog.Version;
        return questionnaire;
    }

    /// <summary>
    /// The adaptive form as it stands after <paramref name="items"/>: contained in the QuestionnaireResponse.
    /// </summary>
    /// <param name="initials">Values the chart holds for items, offered as their <c>initial</c> to confirm.</param>
    public Questionnaire Adaptive(
        DocumentationForm form,
        IReadOnlyList<DocumentationItem> items,
        string id,
        IReadOnlyDictionary<string, DataType>? initials = null
    )
    {
        var questionnaire = Base(form, items, AdaptiveProfile);
        foreach (var item in questionnaire.Item)
        {
            if (item.LinkId is { } linkId && initials?.GetValueOrDefault(linkId) is { } initial)
                item.Initial.Add(new Questionnaire.InitialComponent { Value = initial });
        }
        questionnaire.Id = id;
        questionnaire.DerivedFromElement = [new Canonical(form.Canonical + "|" + catalog.Version)];
        questionnaire.Extension.Insert(
            0,
            new Extension(Sdc + "sdc-questionnaire-questionnaireAdaptive", new FhirBoolean(true))
        );
        return questionnaire;
    }

    private Questionnaire Base(DocumentationForm form, IReadOnlyList<DocumentationItem> items, string profile) =>
        new()
        {
            Meta = new Meta { Profile = [profile] },
            Text = Narrative(form, items),
            Extension = [new Extension(Core + "cqf-library", new Canonical(PrefillLibrary.Canonical))],
            Name =
                "MP260"
                + string.Concat(
                    form.Id["mp260-".Length..].Split('-').Select(w => char.ToUpperInvariant(w[0]) + w[1..])
                ),
            Title = form.Title,
            Status = PublicationStatus.Active,
            Date = catalog.Released.ToString("yyyy-MM-dd"),
            SubjectType = [ResourceType.Patient],
            Publisher = "CryoCdsHooks",
            Item = [.. items.Select(Item)],
        };

    private Questionnaire.ItemComponent Item(DocumentationItem item)
    {
        var component = new Questionnaire.ItemComponent
        {
            LinkId = item.LinkId,
            Text = item.Text,
            Type = item.Type,
            Code = [new Coding(CriterionSystem, item.Criterion, item.Clause)],
            Repeats = item.Repeats ? true : null,
            AnswerValueSet = item.AnswerValueSet,
        };
        // Only items the Library defines get an expression: a client never evaluates a missing definition.
        if (PrefillLibrary.Answers.Contains(item.LinkId))
        {
            component.Extension.Add(
                new Extension(
                    Sdc + "sdc-questionnaire-initialExpression",
                    new Expression
                    {
                        Language = "text/cql",
                        Expression_ = $"\"{PrefillLibrary.Name}\".\"{item.LinkId}\"",
                    }
                )
            );
        }
        if (item.ReferenceResource is { } resource)
            component.Extension.Add(new Extension(Core + "questionnaire-referenceResource", new Code(resource)));
        if (item.Unit is { } unit)
        {
            component.Extension.Add(
                new Extension(Core + "questionnaire-unitOption", new Coding(unit.System, unit.Code, unit.Display))
            );
        }
        component.Extension.Add(new Extension(Core + "questionnaire-supportLink", new FhirUri(policyUrl)));
        return component;
    }

    private static Narrative Narrative(DocumentationForm form, IReadOnlyList<DocumentationItem> items) =>
        new()
        {
            Status = Hl7.Fhir.Model.Narrative.NarrativeStatus.Generated,
            Div =
                "<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>"
                + WebUtility.HtmlEncode(form.Title)
                + "</p><ul>"
                + string.Concat(items.Select(i => "<li>" + WebUtility.HtmlEncode(i.Text) + "</li>"))
                + "</ul></div>",
        };
}
