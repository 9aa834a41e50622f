using System.Net;
using System.Text.Json.Nodes;
using CryoCdsHooks.Web.Dtr;
using CryoCdsHooks.Web.Tests.Security;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.EntityFrameworkCore;
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
            // Before the order's date of service (2026-11-20): measurements answered later are not read for it.
            Authored = "2026-11-19",
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
    public async Task The_form_asks_one_open_question_at_a_time_and_completes_once_the_engine_decides()
    {
        var information = await _dtr.SignAsync(DtrCalls.ConditionalRenal());
        Assert.Equal(["egfr", "surgical-candidacy"], (await StoredAsync(information.AssertionId)).Order());
        var answers = new Dictionary<string, DataType>
        {
            ["surgical-candidacy"] = new FhirBoolean(true),
            ["egfr"] = Egfr(75m),
        };

        var response = Start();
        var asked = new List<string>();
        for (var step = 0; step <= answers.Count; step++)
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
            Answer(response, next.LinkId!, answers[next.LinkId!]);
        }

        // A surgical candidate with an eGFR of 75 needs no kidney preservation: investigational, decided.
        Assert.Equal(QuestionnaireResponse.QuestionnaireResponseStatus.Completed, response.Status);
        Assert.Equal(["surgical-candidacy", "egfr"], asked);
        DtrProfileValidator.Instance.AssertConforms(
            response,
            "http://hl7.org/fhir/StructureDefinition/QuestionnaireResponse"
        );
    }

    [Fact]
    public async Task An_answer_that_decides_the_case_ends_the_form_before_the_other_open_questions()
    {
        var information = await _dtr.SignAsync(DtrCalls.ConditionalRenal());
        Assert.Contains("egfr", await StoredAsync(information.AssertionId));

        var response = await NextAsync(Start());
        Assert.Equal("surgical-candidacy", response.Item.Single().LinkId);
        Answer(response, "surgical-candidacy", new FhirBoolean(false));
        response = await NextAsync(response);

        // Not a surgical candidate: covered by the first bullet, so the eGFR is never asked.
        Assert.Equal(QuestionnaireResponse.QuestionnaireResponseStatus.Completed, response.Status);
        Assert.Equal(["surgical-candidacy"], response.Item.Select(i => i.LinkId));
    }

    [Fact]
    public async Task A_low_eGFR_opens_a_question_the_hook_did_not_ask_and_the_next_hook_agrees_with_the_form()
    {
        var information = await _dtr.SignAsync(DtrCalls.ConditionalRenal());
        Assert.DoesNotContain("resection-worsens-kidney-function", await StoredAsync(information.AssertionId));

        var response = await NextAsync(Start());
        Answer(response, "surgical-candidacy", new FhirBoolean(true));
        response = await NextAsync(response);
        var egfr = Assert.IsType<Questionnaire>(response.Contained.Single()).Item.Last();
        Assert.Equal("egfr", egfr.LinkId);
        Assert.Empty(egfr.Initial); // the chart holds no eGFR: nothing is prefilled
        Answer(response, "egfr", Egfr(45m));
        response = await NextAsync(response);
        Assert.Equal("resection-worsens-kidney-function", response.Item.Last().LinkId);
        Assert.Equal(QuestionnaireResponse.QuestionnaireResponseStatus.InProgress, response.Status);
        Answer(response, "resection-worsens-kidney-function", new FhirBoolean(false));
        response = await NextAsync(response);
        Assert.Equal(QuestionnaireResponse.QuestionnaireResponseStatus.Completed, response.Status);

        // The completed response, stored as documentation, decides the next hook the same way: not covered.
        response.Contained.Clear();
        response.Questionnaire = DtrCalls.RenalForm;
        response.Author = new ResourceReference("Practitioner/dr-1");
        response.Id = "qr-1";
        var request = DtrCalls.ConditionalRenal().OrderSign();
        request["prefetch"]!["questionnaireResponses"] = PatientScenario.Bundle(
            "searchset",
            [JsonNode.Parse(Serializer.SerializeToString(response))!.AsObject()]
        );
        var signed = await _dtr.SendAsync(HookClient.OrderSign, request);
        var answer = HookClient.CoverageInformationByOrder(await signed.ReadJsonAsync())["ServiceRequest/order-1"];
        Assert.Equal("not-covered", answer.Covered);
    }

    [Fact]
    public async Task An_eGFR_outside_the_window_is_offered_as_the_items_initial_value()
    {
        var scenario = DtrCalls.ConditionalRenal();
        scenario.Observations.Add(
            PatientScenario.Quantity("egfr-old", "98979-8", 52m, "mL/min/{1.73_m2}", "2026-01-05")
        );
        await _dtr.SignAsync(scenario);

        var response = await NextAsync(Start());
        Answer(response, "surgical-candidacy", new FhirBoolean(true));
        response = await NextAsync(response);

        var form = Assert.IsType<Questionnaire>(response.Contained.Single());
        DtrProfileValidator.Instance.AssertConforms(form, QuestionnaireBuilder.AdaptiveProfile);
        var egfr = form.Item.Single(i => i.LinkId == "egfr");
        var initial = Assert.IsType<Quantity>(Assert.Single(egfr.Initial).Value);
        Assert.Equal(52m, initial.Value);
        Assert.Equal("mL/min/{1.73_m2}", initial.Code);
        Assert.Empty(response.Item.Single(i => i.LinkId == "egfr").Answer); // offered, not answered
    }

    [Fact]
    public async Task A_tumour_size_without_unit_is_offered_as_recorded_without_inventing_one()
    {
        var scenario = new PatientScenario();
        var size = scenario.Observations.Single(o => (string?)o["id"] == "size-1");
        size["valueQuantity"] = new JsonObject { ["value"] = 3.0m };
        var information = await _dtr.SignAsync(scenario);
        Assert.Equal(["tumor-size"], await StoredAsync(information.AssertionId));

        var response = await NextAsync(Start());

        var item = Assert.IsType<Questionnaire>(response.Contained.Single()).Item.Single();
        Assert.Equal("tumor-size", item.LinkId);
        var initial = Assert.IsType<Quantity>(Assert.Single(item.Initial).Value);
        Assert.Equal(3.0m, initial.Value);
        Assert.Null(initial.Unit);
        Assert.Null(initial.Code);
    }

    [Fact]
    public async Task The_stored_basis_keeps_what_decides_and_leaves_out_narrative_and_unrelated_results()
    {
        var scenario = DtrCalls.ConditionalRenal();
        scenario.Conditions[0]["text"] = new JsonObject
        {
            ["status"] = "generated",
            ["div"] = "<div xmlns=\"http://www.w3.org/1999/xhtml\">Lives with her daughter</div>",
        };
        scenario.Observations.Add(PatientScenario.Quantity("heart-rate-1", "8867-4", 72m, "/min"));
        var conditional = await _dtr.SignAsync(scenario);
        var covered = await _dtr.SignAsync(new PatientScenario());

        var basis = await BasisAsync(conditional.AssertionId);
        Assert.NotNull(basis);
        Assert.Contains("rcc-1", basis);
        Assert.Contains("order-1", basis);
        Assert.DoesNotContain("heart-rate-1", basis);
        Assert.DoesNotContain("daughter", basis);
        Assert.Null(await BasisAsync(covered.AssertionId)); // a decided answer needs no basis
    }

    [Fact]
    public async Task A_response_about_another_patient_finds_no_evaluation_of_the_order()
    {
        await _dtr.SignAsync(DtrCalls.ConditionalRenal());
        var response = Start();
        response.Subject = new ResourceReference("Patient/someone-else");

        var refused = await _dtr.SendAsync(DtrCalls.NextQuestion, response);

        // Order ids are unique only within one patient's record: someone else's order-1 was never evaluated.
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
    }

    [Fact]
    public async Task A_determination_stored_without_a_basis_asks_for_the_hook_again()
    {
        var information = await _dtr.SignAsync(DtrCalls.ConditionalRenal());
        await fixture.Factory.QueryAuditAsync(db =>
            db.CoverageAssertions.Where(a => a.AssertionId == information.AssertionId)
                .ExecuteUpdateAsync(u => u.SetProperty(a => a.DecisionBasisJson, (string?)null))
        );

        var refused = await _dtr.SendAsync(DtrCalls.NextQuestion, Start());

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("OperationOutcome", (string?)(await refused.ReadJsonAsync())["resourceType"]);
    }

    private static readonly FhirJsonSerializer Serializer = new();

    private static Quantity Egfr(decimal value) =>
        new()
        {
            Value = value,
            Unit = "mL/min/1.73 m2",
            System = "http://unitsofmeasure.org",
            Code = "mL/min/{1.73_m2}",
        };

    private async Task<string[]> StoredAsync(string assertionId) =>
        (
            await fixture.Factory.QueryAuditAsync(db =>
                db.CoverageAssertions.SingleAsync(a => a.AssertionId == assertionId)
            )
        ).MissingCodes.Split(' ');

    private async Task<string?> BasisAsync(string assertionId) =>
        (
            await fixture.Factory.QueryAuditAsync(db =>
                db.CoverageAssertions.SingleAsync(a => a.AssertionId == assertionId)
            )
        ).DecisionBasisJson;

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
