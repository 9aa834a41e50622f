using System.Net;
using CryoCdsHooks.Web.Dtr;
using CryoCdsHooks.Web.Tests.Security;
using Hl7.Fhir.Model;
using static CryoCdsHooks.Web.Tests.Security.SecuredServiceFixture;
using Task = System.Threading.Tasks.Task;

namespace CryoCdsHooks.Web.Tests.Dtr;

/// <summary>
/// SDC $next-question on our adaptive forms: the Inferno payer-server adaptive suite's checks (the contained
/// Questionnaire conforms to dtr-questionnaire-adapt and carries CQL expressions; the sequence ends completed)
/// and ours (only what the order's evaluation needs, one question at a time; bad answers are refused).
/// </summary>
public sealed class NextQuestionTests(SecuredServiceFixture fixture) : IClassFixture<SecuredServiceFixture>
{
    private const string QrContext = "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/qr-context";
    private readonly DtrCalls _dtr = new(fixture);

    /// <summary>A new adaptive QuestionnaireResponse for order-1: no items yet.</summary>
    private static QuestionnaireResponse Start(string derivedFrom = DtrCalls.RenalForm)
    {
        var response = new QuestionnaireResponse
        {
            Questionnaire = "#adaptive",
            Status = QuestionnaireResponse.QuestionnaireResponseStatus.InProgress,
            Subject = new ResourceReference("Patient/" + PatientScenario.PatientId),
        };
        response.Contained.Add(
            new Questionnaire
            {
                Id = "adaptive",
                Status = PublicationStatus.Active,
                DerivedFromElement = [new Canonical(derivedFrom)],
            }
        );
        response.Extension.Add(new Extension(QrContext, new ResourceReference("ServiceRequest/order-1")));
        return response;
    }

    private async Task<QuestionnaireResponse> NextAsync(QuestionnaireResponse response, string issuer = EsIssuer) =>
        await DtrCalls.ReadAsync<QuestionnaireResponse>(await _dtr.SendAsync(DtrCalls.NextQuestion, response, issuer));

    private static void Answer(QuestionnaireResponse response, string linkId, DataType value) =>
        response
            .Item.Single(i => i.LinkId == linkId)
            .Answer.Add(new QuestionnaireResponse.AnswerComponent { Value = value });

    [Fact]
    public async Task The_form_asks_the_open_questions_one_at_a_time_and_completes_when_none_is_left()
    {
        var information = await _dtr.SignAsync(DtrCalls.ConditionalRenal());
        var missing = (
            await fixture.Factory.QueryAuditAsync(db =>
                Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.CoverageAssertions, a =>
                    a.AssertionId == information.AssertionId
                )
            )
        ).MissingCodes.Split(' ');
        Assert.Contains("surgical-candidacy", missing);

        var response = Start();
        var asked = new List<string>();
        for (var step = 0; step <= missing.Length; step++)
        {
            response = await NextAsync(response);
            var form = Assert.IsType<Questionnaire>(response.Contained.Single());
            DtrProfileValidator.Instance.AssertConforms(form, QuestionnaireBuilder.AdaptiveProfile);
            Assert.All(form.Item, i =>
                Assert.StartsWith(
                    "\"MP260Prefill\".",
                    i.GetExtensionValue<Expression>(
                        "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-initialExpression"
                    ).Expression_
                )
            );
            if (response.Status == QuestionnaireResponse.QuestionnaireResponseStatus.Completed)
                break;
            var next = response.Item.Single(i => i.Answer.Count == 0);
            asked.Add(next.LinkId!);
            Answer(response, next.LinkId!, Fitting(form.Item.Single(i => i.LinkId == next.LinkId).Type));
        }

        Assert.Equal(QuestionnaireResponse.QuestionnaireResponseStatus.Completed, response.Status);
        Assert.Equal(missing.Order(), asked.Order());
        DtrProfileValidator.Instance.AssertConforms(
            response,
            "http://hl7.org/fhir/StructureDefinition/QuestionnaireResponse"
        );
    }

    private static DataType Fitting(Questionnaire.QuestionnaireItemType? type) =>
        type switch
        {
            Questionnaire.QuestionnaireItemType.Boolean => new FhirBoolean(false),
            Questionnaire.QuestionnaireItemType.Quantity => new Quantity(2.5m, "cm"),
            Questionnaire.QuestionnaireItemType.Reference => new ResourceReference("Condition/rcc-1"),
            _ => new Coding("http://snomed.info/sct", "7771000"),
        };

    [Fact]
    public async Task Another_clients_order_is_unknown()
    {
        await _dtr.SignAsync(DtrCalls.ConditionalRenal(), EsIssuer);

        var response = await _dtr.SendAsync(DtrCalls.NextQuestion, Start(), RsIssuer);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("OperationOutcome", (string?)(await response.ReadJsonAsync())["resourceType"]);
    }

    [Fact]
    public async Task An_answer_of_the_wrong_type_is_refused()
    {
        await _dtr.SignAsync(DtrCalls.ConditionalRenal());
        var response = await NextAsync(Start());
        var first = response.Item.Single();
        first.Answer.Add(new QuestionnaireResponse.AnswerComponent { Value = new FhirString("yes") });

        var refused = await _dtr.SendAsync(DtrCalls.NextQuestion, response);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains(first.LinkId!, (await refused.ReadJsonAsync()).ToJsonString());
    }

    [Fact]
    public async Task An_answer_to_no_question_of_the_form_is_refused()
    {
        await _dtr.SignAsync(DtrCalls.ConditionalRenal());
        var response = Start();
        response.Item.Add(
            new QuestionnaireResponse.ItemComponent
            {
                LinkId = "favourite-colour",
                Answer = [new QuestionnaireResponse.AnswerComponent { Value = new FhirBoolean(true) }],
            }
        );

        var refused = await _dtr.SendAsync(DtrCalls.NextQuestion, response);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Fact]
    public async Task A_form_that_is_not_ours_is_not_found_and_one_without_contained_form_is_refused()
    {
        await _dtr.SignAsync(DtrCalls.ConditionalRenal());
        var foreign = await _dtr.SendAsync(DtrCalls.NextQuestion, Start("http://example.org/Questionnaire/x"));
        var bare = Start();
        bare.Contained.Clear();
        var uncontained = await _dtr.SendAsync(DtrCalls.NextQuestion, bare);

        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, uncontained.StatusCode);
    }
}
