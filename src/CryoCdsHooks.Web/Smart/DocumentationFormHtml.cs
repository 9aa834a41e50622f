using System.Text;
using System.Text.Encodings.Web;
using Hl7.Fhir.Model;
using static Hl7.Fhir.Model.Questionnaire;

namespace CryoCdsHooks.Web.Smart;

/// <summary>
/// Our Questionnaire's open items as a plain HTML form, one control per answer type: boolean → Yes/No radios,
/// quantity → a number field with its unit, choice → a list of the answer ValueSet's expansion (checkboxes when the
/// item repeats), reference → radios of the patient's Conditions. Every control is labelled and its hint (the
/// policy clause) is tied to it.
/// </summary>
internal static class DocumentationFormHtml
{
    private static readonly HtmlEncoder Html = HtmlEncoder.Default;

    public static void Render(StringBuilder b, SmartAppView view, OpenDocumentation documentation)
    {
        var questionnaire = documentation.Questionnaire;
        b.Append("<form method=\"post\" action=\"app/answers\" class=\"answers\">\n<h3>")
            .Append(E(questionnaire.Title ?? "Documentation"))
            .Append("</h3>\n")
            .Append(
                "<p>Your answers are saved to the patient's record in the EHR as one completed questionnaire response "
                    + "(with you as author), then the order is re-evaluated. Leave a question unanswered to skip "
                    + "it.</p>\n"
            );
        b.Append("<input type=\"hidden\" name=\"")
            .Append(E(view.Antiforgery.FormFieldName))
            .Append("\" value=\"")
            .Append(E(view.Antiforgery.RequestToken ?? ""))
            .Append("\">\n");
        foreach (var item in questionnaire.Item)
        {
            var kept = PostedAnswers.Kept(view.UnsavedAnswers, item.LinkId!);
            if (!documentation.IsAnswerable(item))
                ChartOnly(b, item);
            else if (item.Type == QuestionnaireItemType.Quantity)
                Quantity(b, item, kept);
            else if (item.Type == QuestionnaireItemType.Choice && item.Repeats != true)
                Select(b, item, documentation.Options[item.LinkId!], kept);
            else
                Choices(b, item, ChoicesOf(item, documentation), kept);
        }
        b.Append("<button type=\"submit\">Save and re-evaluate</button>\n</form>\n");
    }

    /// <summary>Radio or checkbox answers: Yes/No, the Conditions, or a repeating choice's codes.</summary>
    private static IReadOnlyList<(string Value, string Label)> ChoicesOf(
        ItemComponent item,
        OpenDocumentation documentation
    ) =>
        item.Type switch
        {
            QuestionnaireItemType.Boolean => [("true", "Yes"), ("false", "No")],
            QuestionnaireItemType.Reference => documentation.Conditions,
            _ => [.. documentation.Options[item.LinkId!].Select(c => (PostedAnswers.ChoiceValue(c), Label(c)))],
        };

    private static void Choices(
        StringBuilder b,
        ItemComponent item,
        IReadOnlyList<(string Value, string Label)> choices,
        IReadOnlyList<string> kept
    )
    {
        var name = OpenDocumentation.FieldName(item.LinkId!);
        var type = item.Repeats == true ? "checkbox" : "radio";
        b.Append("<fieldset>\n<legend>").Append(E(item.Text ?? item.LinkId!)).Append("</legend>\n");
        Hint(b, item, name);
        b.Append("<div class=\"choices").Append(choices.Count > 2 ? " stacked" : "").Append("\">");
        for (var i = 0; i < choices.Count; i++)
        {
            var (value, label) = choices[i];
            var id = $"{name}-{i}";
            b.Append("<span class=\"choice\"><input type=\"")
                .Append(type)
                .Append("\" name=\"")
                .Append(name)
                .Append("\" id=\"")
                .Append(id)
                .Append("\" value=\"")
                .Append(E(value))
                .Append('"')
                .Append(kept.Contains(value) ? " checked" : "")
                .Append(" aria-describedby=\"")
                .Append(name)
                .Append("-hint\"><label for=\"")
                .Append(id)
                .Append("\">")
                .Append(E(label))
                .Append("</label></span>");
        }
        b.Append("</div>\n</fieldset>\n");
    }

    private static void Select(
        StringBuilder b,
        ItemComponent item,
        IReadOnlyList<Coding> options,
        IReadOnlyList<string> kept
    )
    {
        var name = OpenDocumentation.FieldName(item.LinkId!);
        LabelAndHint(b, item, name);
        b.Append("<select name=\"")
            .Append(name)
            .Append("\" id=\"")
            .Append(name)
            .Append("\" aria-describedby=\"")
            .Append(name)
            .Append("-hint\"><option value=\"\">Not answered</option>");
        foreach (var coding in options)
        {
            var value = PostedAnswers.ChoiceValue(coding);
            b.Append("<option value=\"")
                .Append(E(value))
                .Append('"')
                .Append(kept.Contains(value) ? " selected" : "")
                .Append('>')
                .Append(E(Label(coding)))
                .Append("</option>");
        }
        b.Append("</select></div>\n");
    }

    /// <summary>A labelled field's start: its label and the hint its input is described by.</summary>
    private static void LabelAndHint(StringBuilder b, ItemComponent item, string name)
    {
        b.Append("<div class=\"field\"><label for=\"")
            .Append(name)
            .Append("\">")
            .Append(E(item.Text ?? item.LinkId!))
            .Append("</label>\n");
        Hint(b, item, name);
    }

    private static void Quantity(StringBuilder b, ItemComponent item, IReadOnlyList<string> kept)
    {
        var name = OpenDocumentation.FieldName(item.LinkId!);
        var unit = OpenDocumentation.Unit(item);
        LabelAndHint(b, item, name);
        b.Append("<span class=\"quantity\"><input type=\"number\" step=\"any\" min=\"0\" max=\"100000\" name=\"")
            .Append(name)
            .Append("\" id=\"")
            .Append(name)
            .Append("\" value=\"")
            .Append(E(kept.FirstOrDefault() ?? ""))
            .Append("\" autocomplete=\"off\" aria-describedby=\"")
            .Append(name)
            .Append("-hint ")
            .Append(name)
            .Append("-unit\"> <span class=\"unit\" id=\"")
            .Append(name)
            .Append("-unit\">")
            .Append(E(unit?.Display ?? unit?.Code ?? ""))
            .Append("</span></span></div>\n");
    }

    /// <summary>An open question with nothing to choose from here (no coded answers listed, no Condition recorded).
    /// </summary>
    private static void ChartOnly(StringBuilder b, ItemComponent item) =>
        b.Append("<p class=\"chart-only\"><strong>")
            .Append(E(item.Text ?? item.LinkId!))
            .Append("</strong> Document this in the chart: there is nothing recorded here to choose from.</p>\n");

    private static void Hint(StringBuilder b, ItemComponent item, string name) =>
        b.Append("<p class=\"hint\" id=\"")
            .Append(name)
            .Append("-hint\">")
            .Append(OpenDocumentation.Clause(item) is { } clause ? "Policy: " + E(clause) : "")
            .Append("</p>\n");

    private static string Label(Coding coding) =>
        coding.Display is { Length: > 0 } display ? $"{display} ({coding.Code})" : coding.Code ?? "";

    private static string E(string text) => Html.Encode(text);
}
