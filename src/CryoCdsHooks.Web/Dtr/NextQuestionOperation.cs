using CryoCdsHooks.PolicyEngine;
using CryoCdsHooks.Web.Security;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.Web.Dtr;

/// <summary>
/// SDC <c>Questionnaire/$next-question</c> for DTR adaptive forms (dtr-questionnaire-adapt): takes the
/// QuestionnaireResponse so far, whose contained Questionnaire derives from one of our forms and whose qr-context
/// (or basedOn) names the order, and returns it with the next question the stored evaluation of that order still
/// needs, or with status completed once nothing it needs is open (<see cref="OpenQuestions"/>).
/// </summary>
public static class NextQuestionOperation
{
    private const string QrContext = "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/qr-context";

    public static async Task<IResult> HandleAsync(
        HttpContext http,
        FhirRequestBody body,
        QuestionnaireCatalog catalog,
        QuestionnaireBuilder builder,
        StoredEvaluations evaluations,
        CancellationToken ct
    )
    {
        var (resource, error) = await body.ReadAsync(http, ct);
        if (error is not null)
            return error;
        var response = resource switch
        {
            QuestionnaireResponse qr => qr,
            Parameters p => p.Parameter.FirstOrDefault(x => x.Name == "in")?.Resource as QuestionnaireResponse,
            _ => null,
        };
        if (response is null)
        {
            return FhirRequestBody.Invalid(
                http,
                "The body must be a QuestionnaireResponse, or Parameters with it as 'in'.",
                "resourceType"
            );
        }
        var contained = response
            .Contained.OfType<Questionnaire>()
            .FirstOrDefault(q => "#" + q.Id == response.Questionnaire);
        if (contained is null)
        {
            return FhirRequestBody.Invalid(
                http,
                "QuestionnaireResponse.questionnaire must reference its contained adaptive Questionnaire (#id).",
                "QuestionnaireResponse.questionnaire"
            );
        }
        var form = contained
            .DerivedFrom.Append(contained.Url)
            .OfType<string>()
            .Select(catalog.FormByCanonical)
            .FirstOrDefault(f => f is not null);
        if (form is null)
        {
            return FhirRequestBody.NotFound(
                http,
                "Unknown questionnaire",
                "The contained Questionnaire derives from no form of this service; see GET /fhir/metadata."
            );
        }
        var orders = response
            .GetExtensions(QrContext)
            .Select(e => (e.Value as ResourceReference)?.Reference)
            .Concat(response.BasedOn.Select(b => b.Reference))
            .OfType<string>()
            .ToList();
        if (orders.Count == 0)
        {
            return FhirRequestBody.Invalid(
                http,
                "Name the order this documentation is for (extension qr-context or basedOn).",
                "QuestionnaireResponse.extension"
            );
        }
        if (ResourceReferences.Literal(response.Subject?.Reference) is not ("Patient", var patientId))
        {
            return FhirRequestBody.Invalid(
                http,
                "QuestionnaireResponse.subject must name the patient whose order it documents (Patient/id).",
                "QuestionnaireResponse.subject"
            );
        }
        var evaluation = await evaluations.LatestForOrdersAsync(
            http.User.CdsClientId() ?? "",
            patientId,
            orders,
            form.Id,
            ct
        );
        if (evaluation is null)
        {
            return FhirRequestBody.NotFound(
                http,
                "Unknown order",
                "There is no coverage determination of yours for this order with this form; "
                    + "call order-select or order-sign first."
            );
        }
        if (AnswerProblem(form, response) is { } problem)
            return FhirRequestBody.Invalid(http, problem.Message, problem.Expression);

        var answered = response.Item.Where(i => i.Answer.Count > 0).Select(i => i.LinkId ?? "").ToHashSet();
        var remaining = OpenQuestions.Remaining(form, evaluation, answered);
        var asked = form.Items.Where(i => contained.Item.Any(c => c.LinkId == i.LinkId)).ToList();
        // One question at a time: the next one only once every question asked so far is answered.
        if (remaining.FirstOrDefault(r => !asked.Contains(r)) is { } next && !remaining.Any(asked.Contains))
        {
            asked.Add(next);
            response.Item.Add(new QuestionnaireResponse.ItemComponent { LinkId = next.LinkId, Text = next.Text });
        }
        response.Contained.Remove(contained);
        response.Contained.Insert(0, builder.Adaptive(form, asked, contained.Id ?? ""));
        response.Status = OpenQuestions.Decided(form, evaluation, answered)
            ? QuestionnaireResponse.QuestionnaireResponseStatus.Completed
            : QuestionnaireResponse.QuestionnaireResponseStatus.InProgress;
        return FhirResults.Ok(response);
    }

    /// <summary>The first answer that names no question of the form or has the wrong type for its question.</summary>
    private static (string Message, string Expression)? AnswerProblem(
        DocumentationForm form,
        QuestionnaireResponse response
    )
    {
        for (var i = 0; i < response.Item.Count; i++)
        {
            var item = response.Item[i];
            var question = form.Items.FirstOrDefault(q => q.LinkId == item.LinkId);
            if (question is null)
                return ($"'{item.LinkId}' is no question of {form.Canonical}.", $"QuestionnaireResponse.item[{i}]");
            var wrong = item.Answer.FindIndex(a => !Fits(question.Type, a.Value));
            if (wrong >= 0)
            {
                return (
                    $"The answer to '{item.LinkId}' must be a {question.Type.ToString().ToLowerInvariant()}.",
                    $"QuestionnaireResponse.item[{i}].answer[{wrong}]"
                );
            }
        }
        return null;
    }

    private static bool Fits(Questionnaire.QuestionnaireItemType type, DataType? value) =>
        type switch
        {
            Questionnaire.QuestionnaireItemType.Boolean => value is FhirBoolean { Value: not null },
            Questionnaire.QuestionnaireItemType.Quantity => value is Quantity { Value: not null },
            Questionnaire.QuestionnaireItemType.Choice => value is Coding { Code: not null },
            Questionnaire.QuestionnaireItemType.Reference => value is ResourceReference { Reference: not null },
            _ => false,
        };
}
