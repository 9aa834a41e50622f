using CryoCdsHooks.PolicyEngine;
using CryoCdsHooks.PolicyEngine.Documentation;
using CryoCdsHooks.PolicyEngine.Terminology;
using CryoCdsHooks.Web.Hosting;
using CryoCdsHooks.Web.Security;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.Web.Dtr;

/// <summary>
/// SDC <c>Questionnaire/$next-question</c> for DTR adaptive forms (dtr-questionnaire-adapt): takes the
/// QuestionnaireResponse so far, whose contained Questionnaire derives from one of our forms and whose qr-context
/// (or basedOn) names the order, judges that order again with the answers so far on its stored
/// <see cref="DecisionBasis"/>, and returns the response with the next question the engine still leaves open
/// (prefilled with the value the chart holds but the engine could not use), or completed once the engine decides.
/// </summary>
public static class NextQuestionOperation
{
    public static async Task<IResult> HandleAsync(
        HttpContext http,
        FhirRequestBody body,
        QuestionnaireCatalog catalog,
        QuestionnaireBuilder builder,
        StoredEvaluations evaluations,
        IPolicyEngine engine,
        PolicyTerminology terminology,
        TimeProvider time,
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
            .GetExtensions(DocumentationQuestionnaires.ResponseContextUrl)
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
        // A decided evaluation has nothing to ask and keeps no basis; only an open one needs it to be judged again.
        if (evaluation.Basis is null && evaluation.Missing.Count > 0)
        {
            return OperationOutcomes.Error(
                http,
                StatusCodes.Status409Conflict,
                "Cannot be judged again",
                "conflict",
                "This determination was stored without what is needed to judge it again; call order-select or "
                    + "order-sign for the order again."
            );
        }

        // The engine judges the order again with the answers so far, read as documented (docs/dtr.md).
        var determination = evaluation.Basis?.Judge(
            engine,
            AsDocumented(response, form, evaluation, http.User.CdsClientId() ?? "", time.GetUtcNow())
        );
        var decided = determination is null || OpenQuestions.IsDecided(determination);
        var open = determination is null ? [] : OpenQuestions.After(form, determination);
        var answered = response.Item.Where(i => i.Answer.Count > 0).Select(i => i.LinkId ?? "").ToHashSet();
        var asked = form.Items.Where(i => contained.Item.Any(c => c.LinkId == i.LinkId)).ToList();
        // One question at a time: the next open one only once every open question asked so far is answered.
        if (
            !decided
            && open.FirstOrDefault(r => !asked.Contains(r)) is { } next
            && !open.Any(r => asked.Contains(r) && !answered.Contains(r.LinkId))
        )
        {
            asked.Add(next);
            response.Item.Add(new QuestionnaireResponse.ItemComponent { LinkId = next.LinkId, Text = next.Text });
        }
        var initials = asked
            .Where(i => !answered.Contains(i.LinkId))
            .Select(i => (i.LinkId, Value: evaluation.Basis?.RecordedValue(i.LinkId, terminology)))
            .Where(x => x.Value is not null)
            .ToDictionary(x => x.LinkId, x => (DataType)x.Value!);
        response.Contained.Remove(contained);
        response.Contained.Insert(0, builder.Adaptive(form, asked, contained.Id ?? "", initials));
        response.Status = decided
            ? QuestionnaireResponse.QuestionnaireResponseStatus.Completed
            : QuestionnaireResponse.QuestionnaireResponseStatus.InProgress;
        return FhirResults.Ok(response);
    }

    /// <summary>
    /// The answers so far as the engine reads documentation: a completed response to our form about the order's
    /// patient, by its author (the client when it names none), authored now when it does not say.
    /// </summary>
    private static QuestionnaireResponse AsDocumented(
        QuestionnaireResponse response,
        DocumentationForm form,
        StoredEvaluation evaluation,
        string clientId,
        DateTimeOffset now
    )
    {
        var documented = (QuestionnaireResponse)response.DeepCopy();
        documented.Contained.Clear();
        documented.Id ??= "next-question";
        documented.Questionnaire = form.Canonical;
        documented.Status = QuestionnaireResponse.QuestionnaireResponseStatus.Completed;
        documented.Subject ??= new ResourceReference("Patient/" + evaluation.PatientId);
        documented.Author ??= new ResourceReference { Identifier = new Identifier("urn:ietf:rfc:3986", clientId) };
        documented.Authored ??= now.ToString("yyyy-MM-ddTHH:mm:sszzz");
        if (
            documented.Extension.All(e => e.Url != DocumentationQuestionnaires.ResponseContextUrl)
            && documented.BasedOn.Count == 0
        )
            documented.BasedOn.Add(new ResourceReference(evaluation.OrderReference));
        return documented;
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
