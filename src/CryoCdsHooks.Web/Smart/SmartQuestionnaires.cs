using CryoCdsHooks.PolicyEngine;
using CryoCdsHooks.PolicyEngine.Documentation;
using CryoCdsHooks.Web.Dtr;
using CryoCdsHooks.Web.Hooks;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.Web.Smart;

/// <summary>
/// The app as a DTR client of our own forms: the Questionnaire of the order's open questions, built by the same
/// <see cref="QuestionnaireBuilder"/> as the DTR endpoints, and the dtr-questionnaireresponse its answers make.
/// </summary>
internal sealed class SmartQuestionnaires(
    QuestionnaireCatalog catalog,
    QuestionnaireBuilder builder,
    AnswerValueSetExpander expander,
    PayerIdentity payer
)
{
    public const string ResponseProfile =
        "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/dtr-questionnaireresponse";
    private const string Dtr = "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/";

    /// <summary>The open questions of a determination that needs information; null when it needs none.</summary>
    public OpenDocumentation? For(CoverageDetermination determination, PatientRecord record)
    {
        if (determination.Missing.Count == 0)
            return null;
        var form = catalog.FormFor(determination.Procedure);
        var missing = determination.Missing.Select(m => m.Code).ToHashSet(StringComparer.Ordinal);
        // The same call as $questionnaire-package with the card's context: the form, only what is still open.
        var questionnaire = builder.Standard(form, missing);
        var options = AnswerOptions(questionnaire, expander);
        var scoped = RecordScope.Apply(record).Record;
        var conditions = scoped
            .Conditions.Where(c => c.Id is not null && c.VerificationStatus?.Coding.Any(IsEnteredInError) != true)
            .Select(c => ($"Condition/{c.Id}", ConditionLabel(c)))
            .ToList();
        var coverage = CoverageChoice
            .For(determination.Order, RecordScope.WithPatientCoverages(record), determination.DateOfService.Date, payer)
            .Chosen;
        var asked = questionnaire.Item.Select(i => i.LinkId).ToHashSet();
        return new OpenDocumentation(
            questionnaire,
            options,
            conditions,
            coverage?.Id is { } coverageId ? $"Coverage/{coverageId}" : null,
            [.. determination.Missing.Where(m => !asked.Contains(m.Code))]
        );
    }

    /// <summary>Each choice item's answers: the expansion of its answer ValueSet, by linkId.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<Coding>> AnswerOptions(
        Questionnaire questionnaire,
        AnswerValueSetExpander expander
    )
    {
        var options = new Dictionary<string, IReadOnlyList<Coding>>(StringComparer.Ordinal);
        foreach (var item in questionnaire.Item.Where(i => i.AnswerValueSet is not null))
        {
            var contains = expander.Expand(item.AnswerValueSet!)?.Expansion?.Contains ?? [];
            options[item.LinkId!] = [.. contains.Select(c => new Coding(c.System, c.Code, c.Display))];
        }
        return options;
    }

    /// <summary>
    /// The DTR QuestionnaireResponse of the clinician's answers: completed now, about the launch patient, authored by
    /// the launch user, naming the order (and its Coverage) in <c>qr-context</c>, each answer entered by hand.
    /// </summary>
    public static QuestionnaireResponse Response(
        SmartSession session,
        OpenDocumentation documentation,
        IReadOnlyList<QuestionnaireResponse.ItemComponent> items,
        DateTimeOffset now
    )
    {
        var questionnaire = documentation.Questionnaire;
        var response = new QuestionnaireResponse
        {
            Meta = new Meta { Profile = [ResponseProfile] },
            Questionnaire = $"{questionnaire.Url}|{questionnaire.Version}",
            Status = QuestionnaireResponse.QuestionnaireResponseStatus.Completed,
            Subject = new ResourceReference($"Patient/{session.PatientId}"),
            Author = new ResourceReference(session.FhirUser),
            AuthoredElement = new FhirDateTime(now),
        };
        foreach (var context in new[] { session.OrderReference, documentation.CoverageReference }.OfType<string>())
            response.Extension.Add(
                new Extension(DocumentationQuestionnaires.ResponseContextUrl, new ResourceReference(context))
            );
        // CRD DocReason "retain-doc": kept in the EHR as evidence of the order's medical necessity.
        response.Extension.Add(
            new Extension(
                Dtr + "intendedUse",
                new CodeableConcept(
                    "http://hl7.org/fhir/us/davinci-crd/CodeSystem/temp",
                    "retain-doc",
                    "Medical necessity"
                )
            )
        );
        foreach (var item in items)
        {
            foreach (var answer in item.Answer)
                answer.Extension.Add(Origin(session.FhirUser));
            response.Item.Add(item);
        }
        return response;
    }

    /// <summary>DTR information-origin: typed by the clinician (nothing is prefilled in this app).</summary>
    private static Extension Origin(string? user)
    {
        var origin = new Extension { Url = Dtr + "information-origin" };
        origin.Extension.Add(new Extension("source", new Code("manual")));
        if (user?.StartsWith("Practitioner/", StringComparison.Ordinal) == true)
        {
            var author = new Extension { Url = "author" };
            author.Extension.Add(new Extension("practitioner", new ResourceReference(user)));
            origin.Extension.Add(author);
        }
        return origin;
    }

    private static bool IsEnteredInError(Coding coding) => coding.Code == "entered-in-error";

    private static string ConditionLabel(Condition condition)
    {
        var coding = condition.Code?.Coding.FirstOrDefault();
        var name = condition.Code?.Text ?? coding?.Display ?? coding?.Code ?? "Condition";
        var code = coding?.Code is { } c && !name.Contains(c, StringComparison.Ordinal) ? $" ({c})" : "";
        var site = condition.BodySite.FirstOrDefault() is { } body
            ? $", {body.Text ?? body.Coding.FirstOrDefault()?.Display}"
            : "";
        var onset = condition.Onset is FhirDateTime onsetDate ? $", since {onsetDate.Value}" : "";
        return $"{name}{code}{site}{onset} – Condition/{condition.Id}";
    }
}
