using Hl7.Fhir.Model;

namespace CryoCdsHooks.Web.Tests.Dtr;

/// <summary>The offline DTR validation finds what the profiles forbid: the other tests' "conforms" can fail.</summary>
public sealed class DtrProfileValidatorTests
{
    [Fact]
    public void A_questionnaire_about_a_practitioner_fails_the_DTR_standard_profile_and_passes_once_about_a_patient()
    {
        var questionnaire = new Questionnaire
        {
            Status = PublicationStatus.Active,
            SubjectType = [ResourceType.Practitioner],
            Item =
            [
                new Questionnaire.ItemComponent { LinkId = "x", Type = Questionnaire.QuestionnaireItemType.Boolean },
            ],
        };

        var errors = DtrProfileValidator.Instance.Errors(questionnaire, Web.Dtr.QuestionnaireBuilder.StandardProfile);

        Assert.Contains(errors, e => e.Contains("subjectType", StringComparison.Ordinal));
        questionnaire.SubjectType = [ResourceType.Patient];
        questionnaire.Url = "http://example.org/Questionnaire/q";
        questionnaire.Text = new Narrative
        {
            Status = Narrative.NarrativeStatus.Generated,
            Div = "<div xmlns=\"http://www.w3.org/1999/xhtml\">x</div>",
        };
        Assert.Empty(DtrProfileValidator.Instance.Errors(questionnaire, Web.Dtr.QuestionnaireBuilder.StandardProfile));
    }
}
