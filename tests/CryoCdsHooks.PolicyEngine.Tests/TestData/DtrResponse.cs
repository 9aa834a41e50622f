using CryoCdsHooks.PolicyEngine.Documentation;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Tests.TestData;

/// <summary>
/// A DTR QuestionnaireResponse to our form for a procedure: completed, about pat-1, authored on the order date by
/// Practitioner/dr-1, naming the order in <c>qr-context</c>, its answers nested in one group; tests change one thing.
/// </summary>
internal static class DtrResponse
{
    public const string ContextUrl = "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/qr-context";

    public static QuestionnaireResponse For(
        ProcedureClass procedure,
        string orderId,
        params (string LinkId, DataType Value)[] answers
    ) =>
        new()
        {
            Id = "qr-1",
            Meta = new Meta
            {
                Profile = ["http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/dtr-questionnaireresponse"],
            },
            Extension = [new Extension(ContextUrl, new ResourceReference($"ServiceRequest/{orderId}"))],
            Questionnaire = DocumentationQuestionnaires.CanonicalFor(procedure) + "|2024-09",
            Status = QuestionnaireResponse.QuestionnaireResponseStatus.Completed,
            Subject = new ResourceReference("Patient/pat-1"),
            Authored = RecordBuilder.DaysBefore(0),
            Author = new ResourceReference("Practitioner/dr-1"),
            Item =
            [
                new QuestionnaireResponse.ItemComponent
                {
                    LinkId = "criteria",
                    Item =
                    [
                        .. answers.Select(a => new QuestionnaireResponse.ItemComponent
                        {
                            LinkId = a.LinkId,
                            Answer = [new QuestionnaireResponse.AnswerComponent { Value = a.Value }],
                        }),
                    ],
                },
            ],
        };

    public static QuestionnaireResponse With(this QuestionnaireResponse response, Action<QuestionnaireResponse> change)
    {
        change(response);
        return response;
    }

    public static Quantity Size(decimal value, string unit) =>
        new()
        {
            Value = value,
            Unit = unit,
            Code = unit,
            System = "http://unitsofmeasure.org",
        };
}
