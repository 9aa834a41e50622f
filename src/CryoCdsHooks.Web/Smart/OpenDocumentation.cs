using CryoCdsHooks.PolicyEngine;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.Web.Smart;

/// <summary>
/// What the app asks for one order: our Questionnaire with only the questions the evaluation left open (the one
/// <c>$questionnaire-package</c> returns for the card's context), and what each question can be answered with.
/// </summary>
/// <param name="Options">A choice item's answers: its answer ValueSet's expansion, by linkId.</param>
/// <param name="Conditions">The patient's Conditions a reference item can name ("Condition/id" and a label).</param>
/// <param name="CoverageReference">The order's Coverage with us ("Coverage/id"), for <c>qr-context</c>.</param>
/// <param name="ChartOnly">What is missing that no question of the form answers: it is documented in the chart.</param>
internal sealed record OpenDocumentation(
    Questionnaire Questionnaire,
    IReadOnlyDictionary<string, IReadOnlyList<Coding>> Options,
    IReadOnlyList<(string Reference, string Label)> Conditions,
    string? CoverageReference,
    IReadOnlyList<MissingInformation> ChartOnly
)
{
    /// <summary>The form field of an item: its linkId, prefixed so no other field is mistaken for it.</summary>
    public static string FieldName(string linkId) => "q-" + linkId;

    /// <summary>The unit a quantity item is answered in (its <c>questionnaire-unitOption</c>).</summary>
    public static Coding? Unit(Questionnaire.ItemComponent item) =>
        item.GetExtensionValue<Coding>("http://hl7.org/fhir/StructureDefinition/questionnaire-unitOption");

    /// <summary>The policy sentence an item decides (its code's display), shown as the question's hint.</summary>
    public static string? Clause(Questionnaire.ItemComponent item) => item.Code.FirstOrDefault()?.Display;

    /// <summary>Whether the app can offer answers for the item (a list to choose from when it needs one).</summary>
    public bool IsAnswerable(Questionnaire.ItemComponent item) =>
        item.Type switch
        {
            Questionnaire.QuestionnaireItemType.Choice => Options.GetValueOrDefault(item.LinkId!)?.Count > 0,
            Questionnaire.QuestionnaireItemType.Reference => Conditions.Count > 0,
            _ => true,
        };
}
