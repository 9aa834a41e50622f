using System.Net;
using CryoCdsHooks.Web.Dtr;
using CryoCdsHooks.Web.Tests.Security;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Task = System.Threading.Tasks.Task;

namespace CryoCdsHooks.Web.Tests.Dtr;

/// <summary>
/// $questionnaire-package's <c>coverage</c>, <c>referenced</c> and <c>changedsince</c> inputs (DTR 2.0.1
/// OperationDefinition-questionnaire-package): another payer's coverage gets no form, referenced resources must be
/// about the order's patient, and only forms changed since the instant given are returned.
/// </summary>
public sealed class QuestionnairePackageInputTests(SecuredServiceFixture fixture) : IClassFixture<SecuredServiceFixture>
{
    private static readonly FhirJsonDeserializer Parser = new();
    private readonly DtrCalls _dtr = new(fixture);

    private static Parameters RenalRequest(params (string Name, Resource Resource)[] resources)
    {
        var input = DtrCalls.PackageRequest(("questionnaire", new Canonical(DtrCalls.RenalForm)));
        foreach (var (name, resource) in resources)
            input.Parameter.Add(new Parameters.ParameterComponent { Name = name, Resource = resource });
        return input;
    }

    private static Coverage CoverageOf(string payer) =>
        Parser.Deserialize<Coverage>(PatientScenario.Coverage("cov-1", payer).ToJsonString());

    private async Task<Parameters> PackageAsync(Parameters input) =>
        await DtrCalls.ReadAsync<Parameters>(await _dtr.SendAsync(DtrCalls.Package, input));

    private static List<Bundle> Bundles(Parameters output) =>
        [.. output.Parameter.Where(p => p.Name == "PackageBundle").Select(p => p.Resource).OfType<Bundle>()];

    private static OperationOutcome OutcomeOf(Parameters output)
    {
        var outcome = Assert.IsType<OperationOutcome>(Assert.Single(output.Parameter).Resource);
        DtrProfileValidator.Instance.AssertConforms(
            outcome,
            "http://hl7.org/fhir/StructureDefinition/OperationOutcome"
        );
        return outcome;
    }

    [Fact]
    public async Task A_coverage_with_another_payer_gets_no_form_and_an_outcome_that_says_so()
    {
        var output = await PackageAsync(RenalRequest(("coverage", CoverageOf("Aetna"))));

        Assert.Empty(Bundles(output));
        Assert.Contains("another payer", OutcomeOf(output).Issue.Single().Diagnostics);
    }

    [Fact]
    public async Task A_coverage_of_ours_gets_the_form()
    {
        var output = await PackageAsync(RenalRequest(("coverage", CoverageOf(PatientScenario.OurPayer))));

        var bundle = Assert.Single(Bundles(output));
        DtrProfileValidator.Instance.AssertConforms(output, QuestionnairePackageOperation.OutputProfile);
        DtrProfileValidator.Instance.AssertConforms(bundle, QuestionnairePackageOperation.BundleProfile);
    }

    [Fact]
    public async Task A_payor_named_only_by_a_referenced_Organization_is_recognised()
    {
        var coverage = CoverageOf(payer: null!);
        var payer = new Organization { Id = "cov-1-payer", Name = PatientScenario.OurPayer };
        var other = new Organization { Id = "cov-1-payer", Name = "Aetna" };

        var ours = await PackageAsync(RenalRequest(("coverage", coverage), ("referenced", payer)));
        var theirs = await PackageAsync(RenalRequest(("coverage", coverage), ("referenced", other)));

        Assert.Single(Bundles(ours));
        Assert.Empty(Bundles(theirs));
    }

    [Fact]
    public async Task Referenced_resources_of_the_orders_patient_leave_the_form_as_the_order_makes_it()
    {
        var patient = new Patient { Id = PatientScenario.PatientId };
        var condition = Parser.Deserialize<Condition>(
            PatientScenario.Condition("lung-1", "http://hl7.org/fhir/sid/icd-10-cm", "C34.11").ToJsonString()
        );

        var output = await PackageAsync(RenalRequest(("referenced", patient), ("referenced", condition)));

        var questionnaire = Assert.IsType<Questionnaire>(Assert.Single(Bundles(output)).Entry[0].Resource);
        Assert.Equal(DtrCalls.RenalForm, questionnaire.Url);
    }

    [Fact]
    public async Task A_referenced_Patient_other_than_the_coverages_beneficiary_is_refused()
    {
        var response = await _dtr.SendAsync(
            DtrCalls.Package,
            RenalRequest(
                ("coverage", CoverageOf(PatientScenario.OurPayer)),
                ("referenced", new Patient { Id = "someone-else" })
            )
        );

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("different patients", (await response.ReadJsonAsync()).ToJsonString());
    }

    [Fact]
    public async Task Only_forms_changed_since_the_instant_given_are_returned()
    {
        var released = new QuestionnaireCatalog().Released;
        var before = RenalRequest();
        before.Add("changedsince", new Instant(released.AddDays(-1)));
        var after = RenalRequest();
        after.Add("changedsince", new FhirDateTime(released.AddDays(1)));

        var changed = await PackageAsync(before);
        var unchanged = await PackageAsync(after);

        var questionnaire = Assert.IsType<Questionnaire>(Assert.Single(Bundles(changed)).Entry[0].Resource);
        Assert.Equal(released.ToString("yyyy-MM-dd"), questionnaire.Date);
        Assert.Empty(Bundles(unchanged));
        Assert.Equal(OperationOutcome.IssueSeverity.Information, OutcomeOf(unchanged).Issue.Single().Severity);
    }

    [Theory]
    [InlineData("""{"name":"coverage","valueString":"cov-1"}""", "Coverage resource")]
    [InlineData("""{"name":"coverage","resource":{"resourceType":"Patient","id":"p"}}""", "Coverage resource")]
    [InlineData("""{"name":"referenced"}""", "referenced must carry")]
    [InlineData("""{"name":"order"}""", "order must carry")]
    [InlineData("""{"name":"changedsince","valueString":"yesterday"}""", "changedsince")]
    [InlineData(
        """{"name":"changedsince","valueInstant":"2026-01-01T00:00:00Z"},"""
            + """{"name":"changedsince","valueInstant":"2026-01-02T00:00:00Z"}""",
        "at most once"
    )]
    public async Task An_input_against_its_definition_gets_a_400_OperationOutcome(string parameter, string saying)
    {
        var questionnaire = $$"""{"name":"questionnaire","valueCanonical":"{{DtrCalls.RenalForm}}"}""";
        var body = $$"""{"resourceType":"Parameters","parameter":[{{questionnaire}},{{parameter}}]}""";

        var response = await _dtr.PostRawAsync(DtrCalls.Package, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var outcome = await response.ReadJsonAsync();
        Assert.Equal("OperationOutcome", (string?)outcome["resourceType"]);
        Assert.Contains(saying, outcome.ToJsonString());
    }
}
