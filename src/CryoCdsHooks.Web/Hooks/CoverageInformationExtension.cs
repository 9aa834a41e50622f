using CryoCdsHooks.Web.Hooks.Wire;

namespace CryoCdsHooks.Web.Hooks;

/// <summary>
/// Builds the Da Vinci CRD <c>ext-coverage-information</c> extension (CRD 2.2) for one answer, honouring the
/// extension's invariants: no pa-needed when not-covered (q2), info-needed with any conditional (q3), a reason
/// with info-needed OTH (q6) and with indeterminate (q9).
/// </summary>
public static class CoverageInformationExtension
{
    public const string Url = "http://hl7.org/fhir/us/davinci-crd/StructureDefinition/ext-coverage-information";
    public const string ReasonSystem = "http://hl7.org/fhir/us/davinci-crd/CodeSystem/temp";

    public static FhirExtension Build(OrderCoverageAnswer answer, bool isPrimaryHook, string policyUrl)
    {
        var parts = new List<FhirExtension>();
        if (answer.Coverage?.Id is { } coverageId)
        {
            parts.Add(new("coverage") { ValueReference = new FhirReference($"Coverage/{coverageId}") });
        }
        parts.Add(Code("covered", answer.Covered));
        if (answer.PaNeeded is { } pa)
            parts.Add(Code("pa-needed", pa));

        var needsClinicalInfo = answer.Covered == "conditional";
        // CRD hook-19: secondary hooks (order-select) must not ask for documentation.
        if (needsClinicalInfo && isPrimaryHook)
        {
            parts.Add(Code("doc-needed", "clinical"));
            // CRD resp-38: the form that collects it (q1: only with doc-needed); a DTR client fetches it by canonical.
            if (answer.Questionnaire is { } questionnaire)
                parts.Add(new("questionnaire") { ValueCanonical = questionnaire });
        }
        if (needsClinicalInfo)
            parts.Add(Code("info-needed", "OTH"));
        if (answer.PaNeeded == "conditional")
            parts.Add(Code("info-needed", "location"));

        parts.Add(
            new("reason")
            {
                ValueCodeableConcept = new FhirCodeableConcept(
                    answer.ReasonCode is { } code ? [new CdsCoding(ReasonSystem, code)] : null,
                    answer.ReasonText
                ),
            }
        );

        parts.Add(
            new("detail")
            {
                Extension =
                [
                    Code("category", "cat-other"),
                    new("code")
                    {
                        ValueCodeableConcept = new FhirCodeableConcept([new CdsCoding(ReasonSystem, "policy-link")]),
                    },
                    new("value") { ValueUrl = policyUrl },
                    // The edition the order was judged by, so a later revision cannot be mistaken for the basis.
                    new("qualification") { ValueString = answer.Determination.Policy.Label },
                ],
            }
        );
        parts.Add(new("date") { ValueDate = answer.AssertionDate.ToString("yyyy-MM-dd") });
        parts.Add(new("coverage-assertion-id") { ValueString = answer.CoverageAssertionId });

        return new FhirExtension(Url) { Extension = parts };
    }

    private static FhirExtension Code(string url, string code) => new(url) { ValueCode = code };
}
