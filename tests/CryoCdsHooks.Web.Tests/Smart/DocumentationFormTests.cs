using System.Text;
using System.Text.RegularExpressions;
using CryoCdsHooks.PolicyEngine;
using CryoCdsHooks.Web.Dtr;
using CryoCdsHooks.Web.Smart;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace CryoCdsHooks.Web.Tests.Smart;

/// <summary>
/// Every answer type of our renal Questionnaire (all its items, as the DTR endpoint builds it) as the app renders it
/// and reads it back: Yes/No radios, a number with its unit, a list from the answer ValueSet, the patient's
/// Conditions.
/// </summary>
public sealed class DocumentationFormTests
{
    private const string Laterality = "http://snomed.info/sct|7771000";
    private static readonly QuestionnaireCatalog Catalog = new();

    [Fact]
    public void Each_answer_type_gets_its_labelled_control_and_unsaved_answers_are_shown_again()
    {
        var documentation = Documentation([("Condition/rcc-1", "C64.2 Malignant neoplasm of left kidney")]);

        var html = Render(
            documentation,
            new Dictionary<string, string[]>
            {
                ["laterality"] = [Laterality],
                ["target-tumor"] = ["Condition/rcc-1"],
                ["egfr"] = ["52"],
                ["single-kidney"] = ["false"],
            }
        );

        // Boolean: a Yes/No radio group named by its question.
        Assert.Matches(
            "<legend>Does the individual have one kidney\\?</legend>.*?"
                + "id=\"q-single-kidney-1\" value=\"false\" checked",
            Single(html)
        );
        // Quantity: a number field with its UCUM unit shown and announced.
        Assert.Contains("name=\"q-egfr\" id=\"q-egfr\" value=\"52\"", html);
        Assert.Contains("<span class=\"unit\" id=\"q-egfr-unit\">mL/min/1.73 m&#xB2;</span>", html);
        // Choice: a select of the answer ValueSet's expansion, the unsaved answer selected.
        var select = Regex.Match(html, "<select name=\"q-laterality\".*?</select>").Value;
        Assert.Equal(4, Regex.Matches(select, "<option").Count); // "Not answered" and the three sides
        Assert.Contains($"<option value=\"{Laterality}\" selected>Left (7771000)</option>", select);
        Assert.Contains("<label for=\"q-laterality\">Which side is treated?</label>", html);
        // Reference: radios of the patient's Conditions.
        Assert.Contains("name=\"q-target-tumor\" id=\"q-target-tumor-0\" value=\"Condition/rcc-1\" checked", html);
        Assert.Contains("<label for=\"q-target-tumor-0\">C64.2 Malignant neoplasm of left kidney</label>", html);
        // One control per item of the form, each with a hint tied to it.
        Assert.Equal(
            documentation.Questionnaire.Item.Count,
            Regex.Matches(html, "<p class=\"hint\" id=\"q-[a-z-]+-hint\">Policy: ").Count
        );
    }

    [Fact]
    public void A_reference_question_without_a_recorded_condition_asks_for_the_chart_and_is_not_read()
    {
        var documentation = Documentation([]);

        var html = Render(documentation, null);
        var posted = PostedAnswers.Read(Form(("q-target-tumor", "Condition/other")), documentation);

        Assert.DoesNotContain("name=\"q-target-tumor\"", html);
        Assert.Contains(
            "Which recorded tumor (Condition) does this order treat?</strong> Document this in the chart",
            html
        );
        Assert.Empty(posted.Items);
        Assert.Empty(posted.Errors);
    }

    [Fact]
    public void Posted_answers_take_the_type_their_item_declares()
    {
        var documentation = Documentation([("Condition/rcc-1", "C64.2")]);

        var posted = PostedAnswers.Read(
            Form(
                ("q-single-kidney", "true"),
                ("q-egfr", "52.5"),
                ("q-laterality", Laterality),
                ("q-target-tumor", "Condition/rcc-1"),
                ("q-tumor-size", "")
            ),
            documentation
        );

        Assert.Empty(posted.Errors);
        var answers = posted.Items.ToDictionary(i => i.LinkId!, i => Assert.Single(i.Answer).Value);
        Assert.Equal(["target-tumor", "laterality", "single-kidney", "egfr"], posted.Items.Select(i => i.LinkId));
        Assert.True(Assert.IsType<FhirBoolean>(answers["single-kidney"]).Value);
        var egfr = Assert.IsType<Quantity>(answers["egfr"]);
        Assert.Equal(
            (52.5m, "http://unitsofmeasure.org", "mL/min/{1.73_m2}"),
            (egfr.Value!.Value, egfr.System, egfr.Code)
        );
        var side = Assert.IsType<Coding>(answers["laterality"]);
        Assert.Equal(("http://snomed.info/sct", "7771000", "Left"), (side.System, side.Code, side.Display));
        Assert.Equal("Condition/rcc-1", Assert.IsType<ResourceReference>(answers["target-tumor"]).Reference);
    }

    /// <summary>The whole renal form (every item open), with its answer lists and these Conditions.</summary>
    private static OpenDocumentation Documentation(IReadOnlyList<(string, string)> conditions)
    {
        var form = Catalog.FormFor(ProcedureClass.RenalCryoablation);
        var questionnaire = new QuestionnaireBuilder(Catalog, "https://policy.example/260").Standard(form);
        var options = SmartQuestionnaires.AnswerOptions(
            questionnaire,
            new AnswerValueSetExpander(Catalog, TimeProvider.System)
        );
        return new OpenDocumentation(questionnaire, options, conditions, null, []);
    }

    private static string Render(OpenDocumentation documentation, IReadOnlyDictionary<string, string[]>? unsaved)
    {
        var session = new SmartSession
        {
            Id = "s",
            Iss = new Uri("https://ehr.example.org/fhir"),
            Launch = "l",
            TokenEndpoint = new Uri("https://ehr.example.org/token"),
            AccessToken = "at",
            AccessTokenExpiresAt = DateTimeOffset.UtcNow.AddHours(1),
            PatientId = "p",
            ExpiresAt = DateTimeOffset.UtcNow.AddHours(1),
            FhirUser = "Practitioner/dr",
        };
        var view = new SmartAppView(
            session,
            new ServiceRequest(),
            null,
            null,
            documentation,
            unsaved,
            [],
            "Insurer",
            "https://policy.example/260",
            new AntiforgeryTokenSet("request-token", "cookie-token", "__RequestVerificationToken", null),
            null,
            null
        );
        var html = new StringBuilder();
        DocumentationFormHtml.Render(html, view, documentation);
        return html.ToString();
    }

    private static string Single(string html) => html.Replace("\n", " ", StringComparison.Ordinal);

    private static FormCollection Form(params (string Name, string Value)[] fields) =>
        new(fields.GroupBy(f => f.Name).ToDictionary(g => g.Key, g => new StringValues([.. g.Select(f => f.Value)])));
}
