using System.Text.Json.Nodes;
using CryoCdsHooks.Web.Tests.Docs;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace CryoCdsHooks.Web.Tests.Dtr;

/// <summary>
/// The QuestionnaireResponses this service accepts as documentation, as a DTR client writes them, conform to DTR
/// 2.0.1 <c>dtr-questionnaireresponse</c> (with the SDC relaxation of <see cref="DtrProfileValidator"/>): every
/// response of fhir-samples/dtr, and a malformed one does not.
/// </summary>
public sealed class QuestionnaireResponseProfileTests
{
    public const string Profile = "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/dtr-questionnaireresponse";

    private static readonly string Samples = Path.Combine(MarkdownDocument.RepositoryRoot(), "fhir-samples", "dtr");

    public static TheoryData<string> Scenarios() =>
        [
            .. Directory
                .GetDirectories(Samples)
                .Where(d => File.Exists(Path.Combine(d, "hook-request.json")))
                .Select(d => Path.GetFileName(d))
                .Order(StringComparer.Ordinal),
        ];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Every_sample_response_conforms_to_the_DTR_questionnaireresponse_profile(string scenario)
    {
        var responses = ResponsesOf(Path.Combine(Samples, scenario, "hook-request.json"));

        Assert.NotEmpty(responses);
        foreach (var response in responses)
            DtrProfileValidator.Instance.AssertConforms(response, Profile);
    }

    [Fact]
    public void A_malformed_response_fails_the_profile_where_the_sample_it_was_made_from_passes()
    {
        var valid = ResponsesOf(Path.Combine(Samples, "01-renal-not-a-candidate", "hook-request.json"))[0];
        Assert.Empty(DtrProfileValidator.Instance.Errors(valid, Profile));

        // No Coverage context, an answer origin without its source, the order in basedOn (DTR: 0..0), no subject.
        var malformed = (QuestionnaireResponse)valid.DeepCopy();
        malformed.Extension.RemoveAll(e =>
            e.Value is ResourceReference { Reference: { } r } && r.StartsWith("Coverage/", StringComparison.Ordinal)
        );
        malformed.Item[0].Item[0].Answer[0].Extension[0].Extension.RemoveAll(e => e.Url == "source");
        malformed.BasedOn = [new ResourceReference("ServiceRequest/s07-order")];
        malformed.Subject = null;

        var errors = DtrProfileValidator.Instance.Errors(malformed, Profile);
        Assert.Contains(errors, e => e.Contains("slice context", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("basedOn", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("subject", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("answer[0].extension[0]", StringComparison.Ordinal));
    }

    /// <summary>The QuestionnaireResponses in a hook request's prefetch.</summary>
    public static List<QuestionnaireResponse> ResponsesOf(string hookRequest)
    {
        var request = JsonNode.Parse(File.ReadAllText(hookRequest))!;
        var bundle = request["prefetch"]?["questionnaireResponses"];
        return (bundle?["entry"]?.AsArray() ?? [])
            .Select(e => e!["resource"]!.ToJsonString())
            .Select(json => new FhirJsonDeserializer().Deserialize<QuestionnaireResponse>(json))
            .ToList();
    }
}
