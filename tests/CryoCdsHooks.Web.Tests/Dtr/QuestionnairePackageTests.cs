using System.Net;
using System.Text.Json.Nodes;
using CryoCdsHooks.PolicyEngine;
using CryoCdsHooks.PolicyEngine.Documentation;
using CryoCdsHooks.PolicyEngine.Rules;
using CryoCdsHooks.Web.Dtr;
using CryoCdsHooks.Web.Tests.Security;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using static CryoCdsHooks.Web.Tests.Security.SecuredServiceFixture;
using Task = System.Threading.Tasks.Task;

namespace CryoCdsHooks.Web.Tests.Dtr;

/// <summary>
/// DTR 2.0.1 $questionnaire-package: the Inferno payer-server static suite's checks (output conforms to
/// dtr-qpackage-output-parameters and DTR-QPackageBundle, cqf-library named and shipped, CQL expressions that begin
/// with the library name) and ours (context = the evaluation's open questions, other clients' contexts unknown).
/// </summary>
public sealed class QuestionnairePackageTests(SecuredServiceFixture fixture) : IClassFixture<SecuredServiceFixture>
{
    private readonly DtrCalls _dtr = new(fixture);

    public static TheoryData<string> Forms() =>
        [.. Enum.GetValues<ProcedureClass>().Select(DocumentationQuestionnaires.CanonicalFor)];

    private async Task<Parameters> PackageAsync(Parameters input, string issuer = EsIssuer) =>
        await DtrCalls.ReadAsync<Parameters>(await _dtr.SendAsync(DtrCalls.Package, input, issuer));

    private static List<Bundle> Bundles(Parameters output) =>
        [.. output.Parameter.Where(p => p.Name == "PackageBundle").Select(p => p.Resource).OfType<Bundle>()];

    private static Questionnaire FormOf(Bundle bundle) => Assert.IsType<Questionnaire>(bundle.Entry[0].Resource);

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task Each_form_package_conforms_to_the_DTR_profiles(string canonical)
    {
        var output = await PackageAsync(DtrCalls.PackageRequest(("questionnaire", new Canonical(canonical))));

        var validator = DtrProfileValidator.Instance;
        validator.AssertConforms(output, QuestionnairePackageOperation.OutputProfile);
        var bundle = Assert.Single(Bundles(output));
        validator.AssertConforms(bundle, QuestionnairePackageOperation.BundleProfile);
        var questionnaire = Assert.IsType<Questionnaire>(bundle.Entry[0].Resource);
        Assert.Equal(canonical, questionnaire.Url);
        validator.AssertConforms(questionnaire, QuestionnaireBuilder.StandardProfile);
        foreach (var library in bundle.Entry.Select(e => e.Resource).OfType<Library>())
            validator.AssertConforms(library, "http://hl7.org/fhir/StructureDefinition/Library");
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task Every_item_is_prefilled_by_the_CQL_definition_named_after_its_linkId(string canonical)
    {
        var output = await PackageAsync(DtrCalls.PackageRequest(("questionnaire", new Canonical(canonical))));
        var bundle = Bundles(output).Single();
        var questionnaire = FormOf(bundle);

        Assert.Equal(
            PrefillLibrary.Canonical,
            questionnaire.GetExtensionValue<Canonical>("http://hl7.org/fhir/StructureDefinition/cqf-library").Value
        );
        Assert.NotEmpty(questionnaire.Item);
        // The Library travels with the form (Inferno: referenced libraries are present, with CQL and ELM).
        var library = Assert.Single(bundle.Entry.Select(e => e.Resource).OfType<Library>());
        Assert.Equal(PrefillLibrary.Canonical, library.Url);
        var cql = Assert.Single(library.Content, c => c.ContentType == "text/cql");
        Assert.Contains(library.Content, c => c.ContentType == "application/elm+json" && c.Data?.Length > 0);
        var cqlText = System.Text.Encoding.UTF8.GetString(cql.Data ?? []);
        var prefilled = new List<string>();
        foreach (var item in questionnaire.Item)
        {
            var expression = item.GetExtensionValue<Expression>(
                "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-initialExpression"
            );
            if (expression is null)
                continue;
            // Every expression names a definition the Library has.
            Assert.Equal("text/cql", expression.Language);
            Assert.Equal($"\"MP260Prefill\".\"{item.LinkId}\"", expression.Expression_);
            Assert.Contains($"define \"{item.LinkId}\"", cqlText);
            prefilled.Add(item.LinkId!);
        }
        // ...and every item the Library prefills has its expression.
        Assert.Equal(
            questionnaire.Item.Select(i => i.LinkId!).Where(PrefillLibrary.Answers.Contains).Order(),
            prefilled.Order()
        );
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task Every_item_answers_a_missing_information_code_cites_its_clause_and_ships_its_answers(
        string canonical
    )
    {
        var codes = typeof(MissingInformationCodes)
            .GetFields()
            .Select(f => ((MissingInformation)f.GetValue(null)!).Code)
            .Append("egfr")
            .Append("single-kidney")
            .ToHashSet();
        var bundle = Bundles(await PackageAsync(DtrCalls.PackageRequest(("questionnaire", new Canonical(canonical)))))
            .Single();
        var questionnaire = FormOf(bundle);
        var valueSets = bundle.Entry.Select(e => e.Resource).OfType<ValueSet>().Select(v => v.Url).ToList();

        foreach (var item in questionnaire.Item)
        {
            Assert.Contains(item.LinkId ?? "", codes);
            var criterion = Assert.Single(item.Code);
            Assert.Equal(QuestionnaireBuilder.CriterionSystem, criterion.System);
            Assert.False(string.IsNullOrWhiteSpace(criterion.Display));
            if (item.AnswerValueSet is { } answers)
                Assert.Contains(answers, valueSets);
        }
    }

    [Fact]
    public async Task An_order_names_the_form_of_its_procedure()
    {
        var order = new FhirJsonDeserializer().Deserialize<ServiceRequest>(
            PatientScenario.Order("order-1", "32994").ToJsonString()
        );
        var input = new Parameters();
        input.Parameter.Add(new Parameters.ParameterComponent { Name = "order", Resource = order });

        var questionnaire = FormOf(Bundles(await PackageAsync(input)).Single());

        Assert.Equal(DocumentationQuestionnaires.CanonicalFor(ProcedureClass.LungCryoablation), questionnaire.Url);
    }

    [Fact]
    public async Task With_a_context_the_form_asks_only_what_that_evaluation_left_open()
    {
        var information = await _dtr.SignAsync(DtrCalls.ConditionalRenal());
        Assert.Equal("conditional", information.Covered);
        var stored = await fixture.Factory.QueryAuditAsync(db =>
            Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.CoverageAssertions, a =>
                a.AssertionId == information.AssertionId
            )
        );

        var output = await PackageAsync(DtrCalls.PackageRequest(("context", new FhirString(information.AssertionId))));

        var questionnaire = FormOf(Bundles(output).Single());
        Assert.Equal(DtrCalls.RenalForm, questionnaire.Url);
        Assert.Equal(stored.MissingCodes.Split(' ').Order(), questionnaire.Item.Select(i => i.LinkId).Order());
        Assert.Contains("surgical-candidacy", questionnaire.Item.Select(i => i.LinkId));
        Assert.DoesNotContain("tumor-size", questionnaire.Item.Select(i => i.LinkId));
        DtrProfileValidator.Instance.AssertConforms(questionnaire, QuestionnaireBuilder.StandardProfile);
    }

    [Fact]
    public async Task A_covered_orders_context_needs_no_form()
    {
        var information = await _dtr.SignAsync(new PatientScenario());
        Assert.Equal("covered", information.Covered);

        var output = await PackageAsync(DtrCalls.PackageRequest(("context", new FhirString(information.AssertionId))));

        Assert.Empty(Bundles(output));
        var outcome = Assert.IsType<OperationOutcome>(Assert.Single(output.Parameter).Resource);
        Assert.Equal(OperationOutcome.IssueSeverity.Information, outcome.Issue.Single().Severity);
    }

    [Fact]
    public async Task Another_clients_context_is_unknown_and_reveals_nothing()
    {
        var information = await _dtr.SignAsync(DtrCalls.ConditionalRenal(), EsIssuer);

        var response = await _dtr.SendAsync(
            DtrCalls.Package,
            DtrCalls.PackageRequest(("context", new FhirString(information.AssertionId))),
            RsIssuer
        );

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal("OperationOutcome", (string?)body["resourceType"]);
        Assert.DoesNotContain("surgical", body.ToJsonString());
    }

    [Fact]
    public async Task An_unknown_questionnaire_is_not_found()
    {
        var response = await _dtr.SendAsync(
            DtrCalls.Package,
            DtrCalls.PackageRequest(("questionnaire", new Canonical("http://example.org/Questionnaire/other")))
        );

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("not-found", (string?)(await response.ReadJsonAsync())["issue"]![0]!["code"]);
    }

    [Theory]
    [InlineData("""{"resourceType":"Patient","id":"p"}""", "Parameters resource")]
    [InlineData("""{"resourceType":"Parameters","parameter":[{"name":"coverage"}]}""", "Coverage resource")]
    [InlineData(
        """{"resourceType":"Parameters","parameter":[{"name":"changedsince","valueInstant":"2026-01-01T00:00:00Z"}]}""",
        "dtr-1"
    )]
    [InlineData("""{"resourceType":"Parameters","parameter":[{"name":"context","valueString":""}]}""", "context")]
    [InlineData("""{"resourceType":"Parameters","parameter":[{"name":"context","valueBoolean":"yes"}]}""", "FHIR")]
    [InlineData("""{"resourceType":"Parameters",""", "JSON")]
    public async Task Malformed_input_gets_a_400_OperationOutcome(string body, string saying)
    {
        var response = await _dtr.PostRawAsync(DtrCalls.Package, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var outcome = await response.ReadJsonAsync();
        Assert.Equal("OperationOutcome", (string?)outcome["resourceType"]);
        Assert.Contains(saying, outcome.ToJsonString());
    }

    [Fact]
    public async Task Without_a_client_token_the_operation_is_refused()
    {
        var response = await fixture.Client.SendAsync(
            Call(DtrCalls.Package, token: null, JsonNode.Parse("""{"resourceType":"Parameters"}"""))
        );

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
