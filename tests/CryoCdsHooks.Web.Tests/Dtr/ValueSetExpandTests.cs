using System.Net;
using CryoCdsHooks.Web.Dtr;
using CryoCdsHooks.Web.Tests.Security;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace CryoCdsHooks.Web.Tests.Dtr;

/// <summary>
/// ValueSet/$expand for the answer lists the forms name, and the CapabilityStatement that lists it all.
/// </summary>
public sealed class ValueSetExpandTests(SecuredServiceFixture fixture) : IClassFixture<SecuredServiceFixture>
{
    private const string Base = "http://cryocdshooks.org/fhir/ValueSet/";
    private const string Unclosed = "http://hl7.org/fhir/StructureDefinition/valueset-unclosed";
    private readonly DtrCalls _dtr = new(fixture);

    private async Task<ValueSet> ExpandAsync(string url) =>
        await DtrCalls.ReadAsync<ValueSet>(
            await _dtr.SendAsync(
                DtrCalls.Expand + "?url=" + Uri.EscapeDataString(url),
                body: (Hl7.Fhir.Model.Resource?)null
            )
        );

    [Fact]
    public async Task Every_answer_list_of_every_form_expands()
    {
        var catalog = new QuestionnaireCatalog();
        var urls = catalog.Forms.SelectMany(f => f.Items).Select(i => i.AnswerValueSet).OfType<string>().Distinct();

        foreach (var url in urls)
        {
            var expanded = await ExpandAsync(url);
            Assert.Equal(url, expanded.Url);
            Assert.NotEmpty(expanded.Expansion!.Contains);
            DtrProfileValidator.Instance.AssertConforms(expanded, "http://hl7.org/fhir/StructureDefinition/ValueSet");
        }
    }

    [Fact]
    public async Task A_composed_answer_list_holds_the_codes_of_the_lists_it_includes_and_says_when_it_is_open()
    {
        var histology = await ExpandAsync(Base + "mp260-answer-lung-histology");
        var nsclc = await ExpandAsync(Base + "mp260-dx-nsclc");
        var laterality = await ExpandAsync(Base + "mp260-answer-laterality");

        Assert.All(nsclc.Expansion!.Contains, c =>
            Assert.Contains(histology.Expansion!.Contains, h => h.Code == c.Code)
        );
        Assert.True(histology.Expansion!.Contains.Count > nsclc.Expansion!.Contains.Count);
        // An ICD-10-CM is-a filter cannot be listed: the expansion says other codes belong too, and has no total.
        var renal = await ExpandAsync(Base + "mp260-dx-renal-cell-carcinoma");
        Assert.True(renal.Expansion!.GetExtensionValue<FhirBoolean>(Unclosed)?.Value);
        Assert.Null(renal.Expansion!.Total);
        Assert.Null(nsclc.Expansion!.GetExtensionValue<FhirBoolean>(Unclosed));
        Assert.Equal(nsclc.Expansion.Contains.Count, nsclc.Expansion.Total);
        Assert.Equal(["24028007", "51440002", "7771000"], laterality.Expansion!.Contains.Select(c => c.Code).Order());
        Assert.Equal(3, laterality.Expansion!.Total);
    }

    [Fact]
    public async Task Post_with_Parameters_expands_the_same_list()
    {
        var input = new Parameters();
        input.Add("url", new FhirUri(Base + "mp260-answer-laterality"));

        var expanded = await DtrCalls.ReadAsync<ValueSet>(await _dtr.SendAsync(DtrCalls.Expand, input));

        Assert.Equal(3, expanded.Expansion!.Contains.Count);
    }

    [Fact]
    public async Task An_unknown_or_missing_url_gets_an_OperationOutcome()
    {
        var unknown = await _dtr.SendAsync(
            DtrCalls.Expand + "?url=http://example.org/ValueSet/x",
            body: (Resource?)null
        );
        var none = await _dtr.SendAsync(DtrCalls.Expand, body: (Resource?)null);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        Assert.Equal("OperationOutcome", (string?)(await none.ReadJsonAsync())["resourceType"]);
    }

    [Fact]
    public async Task The_capability_statement_lists_the_operations_and_the_authorization_and_is_open()
    {
        var response = await fixture.Client.GetAsync("/fhir/metadata");
        var statement = await DtrCalls.ReadAsync<CapabilityStatement>(response);

        DtrProfileValidator.Instance.AssertConforms(
            statement,
            "http://hl7.org/fhir/StructureDefinition/CapabilityStatement"
        );
        var operations = statement
            .Rest.Single()
            .Resource.SelectMany(r => r.Operation.Select(o => $"{r.Type}/{o.Name}"));
        Assert.Equal(
            ["Questionnaire/next-question", "Questionnaire/questionnaire-package", "ValueSet/expand"],
            operations.Order()
        );
        Assert.Contains("CDS client", statement.Rest.Single().Security!.Description);
    }
}
