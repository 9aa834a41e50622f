using CryoCdsHooks.PolicyEngine;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.Web.Hooks;

/// <summary>Why an answer is not a plain policy determination.</summary>
public enum AnswerBasis
{
    /// <summary>The policy engine decided from the patient's record.</summary>
    Policy,
    /// <summary>The patient has no Coverage at all (CRD resp-45: coverage-not-found).</summary>
    CoverageNotFound,
    /// <summary>Coverage exists but none is active on the order date (CRD resp-45: no-active-coverage).</summary>
    NoActiveCoverage,
    /// <summary>Data could not be obtained in time (CRD resp-43: indeterminate, reason technical).</summary>
    Technical,
}

/// <summary>Our answer for one in-scope order, the unit that becomes a systemAction and cards.</summary>
public sealed record OrderCoverageAnswer(
    DraftOrder Order,
    CoverageDetermination Determination,
    AnswerBasis Basis,
    Coverage? Coverage,
    string CoverageAssertionId,
    DateOnly AssertionDate,
    string? TechnicalReason = null)
{
    /// <summary>CRD coverage-information <c>covered</c> code.</summary>
    public string Covered => Basis switch
    {
        AnswerBasis.Technical => "indeterminate",
        AnswerBasis.CoverageNotFound or AnswerBasis.NoActiveCoverage => "not-covered",
        _ => Determination.Outcome switch
        {
            DeterminationOutcome.Covered => "covered",
            DeterminationOutcome.NeedsInformation => "conditional",
            _ => "not-covered",
        },
    };

    /// <summary>CRD <c>pa-needed</c> code, or null where CRD forbids it (not-covered, invariant q2) or it is unknown.</summary>
    public string? PaNeeded => Basis != AnswerBasis.Policy ? null : Determination.PriorAuthorization switch
    {
        PriorAuthorization.Required => "auth-needed",
        PriorAuthorization.NotRequired => "no-auth",
        PriorAuthorization.Conditional => "conditional",
        _ => null,
    };

    /// <summary>CRD reason code (system temp) for answers that are not policy determinations.</summary>
    public string? ReasonCode => Basis switch
    {
        AnswerBasis.CoverageNotFound => "coverage-not-found",
        AnswerBasis.NoActiveCoverage => "no-active-coverage",
        AnswerBasis.Technical => "technical",
        _ => null,
    };

    public string ReasonText => Basis switch
    {
        AnswerBasis.CoverageNotFound => "No Coverage was found for this patient.",
        AnswerBasis.NoActiveCoverage => "The patient has no coverage active on the order date.",
        AnswerBasis.Technical => TechnicalReason ?? "Coverage could not be determined because patient data was unavailable.",
        _ => Determination.Reason,
    };
}
