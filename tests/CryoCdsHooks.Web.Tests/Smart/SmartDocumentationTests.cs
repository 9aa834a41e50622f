using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CryoCdsHooks.Web.Tests.Dtr;
using Hl7.Fhir.Serialization;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Time.Testing;

namespace CryoCdsHooks.Web.Tests.Smart;

/// <summary>
/// The app as a DTR client of our own forms, on sample 08 (renal cryoablation with no tumour size and no staging):
/// the open questions of our Questionnaire rendered by answer type, their answers written as one
/// dtr-questionnaireresponse, and the re-evaluation that reads it.
/// </summary>
public sealed class SmartDocumentationTests : IDisposable
{
    private const string Staging = "http://snomed.info/sct|";
    private readonly SmartEhr _ehr = new("08-renal-no-size-no-staging-inpatient");

    public void Dispose() => _ehr.Dispose();

    [Fact]
    public async Task A_quantity_question_is_a_number_with_its_unit_and_a_repeating_choice_lists_its_value_set()
    {
        await using var factory = new CdsServiceFactory();
        using var client = Client(factory);

        var page = await OpenAppAsync(client);

        Assert.Contains("Needs information", page);
        // Quantity: a labelled number field, its unit and its policy clause tied to it.
        Assert.Contains("<label for=\"q-tumor-size\">Largest dimension of the treated tumor (cm)</label>", page);
        Assert.Matches(
            "<input type=\"number\" step=\"any\" min=\"0\" max=\"100000\" name=\"q-tumor-size\" id=\"q-tumor-size\""
                + " value=\"\" autocomplete=\"off\" aria-describedby=\"q-tumor-size-hint q-tumor-size-unit\">",
            page
        );
        Assert.Contains("<span class=\"unit\" id=\"q-tumor-size-unit\">cm</span>", page);
        Assert.Contains("id=\"q-tumor-size-hint\">Policy: to treat localized renal cell carcinoma", page);
        // Repeating choice: one checkbox per concept of the answer ValueSet's expansion, in a labelled group.
        var staging = Regex.Match(page, "<fieldset>\\n<legend>AJCC staging.*?</fieldset>", RegexOptions.Singleline);
        Assert.True(staging.Success, page);
        Assert.Equal(21, Regex.Matches(staging.Value, "type=\"checkbox\" name=\"q-staging\"").Count);
        Assert.Contains($"value=\"{Staging}1229967007\"", staging.Value);
        Assert.Contains("<label for=\"q-staging-0\">cN0 (1229967007)</label>", staging.Value);
        // Only the open questions: candidacy is documented (an attestation), so it is not asked.
        Assert.DoesNotContain("q-surgical-candidacy", page);
    }

    [Fact]
    public async Task Quantity_and_coded_answers_become_a_conforming_response_and_the_order_turns_covered()
    {
        await using var factory = new CdsServiceFactory();
        using var client = Client(factory);
        var page = await OpenAppAsync(client);

        var answered = await PostAsync(
            client,
            page,
            ("q-tumor-size", "3.2"),
            ("q-staging", Staging + "1229967007"),
            ("q-staging", Staging + "1229901006")
        );

        var response = Assert.Single(_ehr.CreatedResponses);
        var items = response["item"]!.AsArray().ToDictionary(i => (string)i!["linkId"]!, i => i!["answer"]!.AsArray());
        var size = Assert.Single(items["tumor-size"])!["valueQuantity"]!;
        Assert.Equal(3.2m, (decimal)size["value"]!);
        Assert.Equal("http://unitsofmeasure.org", (string?)size["system"]);
        Assert.Equal("cm", (string?)size["code"]);
        Assert.Equal(["1229967007", "1229901006"], items["staging"].Select(a => (string?)a!["valueCoding"]!["code"]));
        Assert.All(items.Values.SelectMany(a => a), a =>
            Assert.Equal(
                "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/information-origin",
                (string?)a!["extension"]![0]!["url"]
            )
        );
        Assert.Equal(_ehr.Practitioner, (string?)response["author"]!["reference"]);
        DtrProfileValidator.Instance.AssertConforms(
            new FhirJsonDeserializer().Deserialize<Hl7.Fhir.Model.QuestionnaireResponse>(response.ToJsonString()),
            "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/dtr-questionnaireresponse"
        );
        var after = await client.GetStringAsync(answered.Headers.Location!.OriginalString);
        Assert.Contains("Before: Needs information. Now: Covered.", after);
        Assert.Contains("Tumor size 3.2 cm", after);
    }

    [Fact]
    public async Task The_re_evaluation_reads_the_written_response_when_the_EHRs_search_does_not_return_it()
    {
        _ehr.SearchesQuestionnaireResponses = false;
        await using var factory = new CdsServiceFactory();
        using var client = Client(factory);
        var page = await OpenAppAsync(client);

        var answered = await PostAsync(
            client,
            page,
            ("q-tumor-size", "3"),
            ("q-staging", Staging + "1229967007"),
            ("q-staging", Staging + "1229901006")
        );

        Assert.Single(_ehr.CreatedResponses);
        Assert.Contains("Now: Covered.", await client.GetStringAsync(answered.Headers.Location!.OriginalString));
        Assert.Contains("Covered", await client.GetStringAsync("/smart/app")); // and on every later page
    }

    [Theory]
    [InlineData("q-tumor-size", "3,5", "enter a number from 0 to 100000")]
    [InlineData("q-tumor-size", "-1", "enter a number from 0 to 100000")]
    [InlineData("q-staging", "http://snomed.info/sct|999999", "choose one of the answers offered")]
    public async Task An_answer_the_question_does_not_accept_is_refused_nothing_is_written_and_the_form_keeps_it(
        string field,
        string value,
        string reason
    )
    {
        await using var factory = new CdsServiceFactory();
        using var client = Client(factory);
        var page = await OpenAppAsync(client);

        var answered = await PostAsync(client, page, (field, value));

        Assert.Empty(_ehr.Requests("POST", "/fhir/QuestionnaireResponse"));
        var shown = await client.GetStringAsync(answered.Headers.Location!.OriginalString);
        Assert.Contains("role=\"alert\">Your answers were not saved.", shown);
        Assert.Contains(reason, shown);
        Assert.Contains("Needs information", shown);
        if (field == "q-tumor-size")
            Assert.Contains($"id=\"q-tumor-size\" value=\"{value}\"", shown);
        Assert.DoesNotContain("Your answers were not saved", await client.GetStringAsync("/smart/app"));
    }

    /// <summary>
    /// The day before the sample's date of service (2026-12-03): a size documented after the service is not read.
    /// </summary>
    private static HttpClient Client(CdsServiceFactory factory) =>
        SmartLaunchTests
            .WithTime(factory, new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 15, 0, 0, TimeSpan.Zero)))
            .CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private async Task<string> OpenAppAsync(HttpClient client)
    {
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync(await _ehr.AuthorizeAsync(client))).StatusCode);
        var app = await client.GetAsync("/smart/app");
        var page = await app.Content.ReadAsStringAsync();
        Assert.True(app.StatusCode == HttpStatusCode.OK, page);
        return page;
    }

    private static async Task<HttpResponseMessage> PostAsync(
        HttpClient client,
        string page,
        params (string Name, string Value)[] fields
    )
    {
        var response = await client.PostAsync(
            "/smart/app/answers",
            new FormUrlEncodedContent([
                new("__RequestVerificationToken", SmartLaunchTests.AntiforgeryToken(page)),
                .. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)),
            ])
        );
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        return response;
    }
}
