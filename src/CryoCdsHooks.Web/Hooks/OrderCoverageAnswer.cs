using CryoCdsHooks.PolicyEngine;
using CryoCdsHooks.PolicyEngine.Documentation;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.Web.Hooks;

/// <summary>Our answer for one in-scope order, the unit that becomes a systemAction and cards.</summary>
/// <param name="Target">The resource the coverage-information goes on: the order, Appointment or Encounter.</param>
public sealed record OrderCoverageAnswer(
    DraftOrder Order,
    ContextResource Target,
    CoverageDetermination Determination,
    AnswerBasis Basis,
    Coverage? Coverage,
    CoverageChoice Choice,
    string CoverageAssertionId,
    DateOnly AssertionDate,
    string? TechnicalReason = null
)
{
    /// <summary>The hook's patient (context.patientId), which the stored assertion is kept under.</summary>
    public string PatientId { get; init; } = "";

    /// <summary>
    /// For a conditional answer with a form: what $next-question judges the order on again (docs/dtr.md).
    /// </summary>
    public DecisionBasis? DecisionBasis { get; init; }

    /// <summary>False when no coverage-information may be returned: no Coverage of ours on the date.</summary>
    public bool HasCoverageInformation => Basis != AnswerBasis.NoCoverage;

    /// <summary>CRD coverage-information <c>covered</c> code.</summary>
    public string Covered =>
        Basis switch
        {
            AnswerBasis.Technical => "indeterminate",
            AnswerBasis.NoCoverage => "not-covered",
            _ => Determination.Outcome switch
            {
                DeterminationOutcome.Covered => "covered",
                DeterminationOutcome.NeedsInformation => "conditional",
                _ => "not-covered",
            },
        };

    /// <summary>
    /// The Questionnaire that collects what is missing, for a conditional policy answer only (docs/api.md).
    /// </summary>
    public string? Questionnaire =>
        Basis == AnswerBasis.Policy && Determination.Outcome == DeterminationOutcome.NeedsInformation
            ? DocumentationQuestionnaires.CanonicalFor(Determination.Procedure)
            : null;

    /// <summary>
    /// CRD <c>pa-needed</c> code, or null where CRD forbids it (not-covered, invariant q2) or it is unknown.
    /// </summary>
    public string? PaNeeded =>
        Basis != AnswerBasis.Policy
            ? null
            : Determination.PriorAuthorization switch
            {
                PriorAuthorization.Required => "auth-needed",
                PriorAuthorization.NotRequired => "no-auth",
                PriorAuthorization.Conditional => "conditional",
                _ => null,
            };

    /// <summary>CRD reason code (system temp) for answers that are not policy determinations.</summary>
    public string? ReasonCode =>
        Basis switch
        {
            AnswerBasis.NoCoverage => Choice.OursNotInForce.Count > 0 ? "no-active-coverage" : "coverage-not-found",
            AnswerBasis.Technical => "technical",
            _ => null,
        };

    public string ReasonText =>
        Basis switch
        {
            AnswerBasis.NoCoverage =>
                $"No coverage with this payer was found in force on {Determination.DateOfService.Date:yyyy-MM-dd}.",
            AnswerBasis.Technical => TechnicalReason
                ?? "Coverage could not be determined because patient data was unavailable.",
            _ => Determination.Reason,
        };
}
