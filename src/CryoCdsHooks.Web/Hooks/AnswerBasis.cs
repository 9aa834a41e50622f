namespace CryoCdsHooks.Web.Hooks;

/// <summary>Why an answer is not a plain policy determination.</summary>
public enum AnswerBasis
{
    /// <summary>The policy engine decided from the patient's record.</summary>
    Policy,

    /// <summary>
    /// No Coverage of ours is in force on the date of service. CRD 2.2.1: coverage-information cannot be returned
    /// (its coverage reference is 1..1), so the answer is a card only, with no extension.
    /// </summary>
    NoCoverage,

    /// <summary>
    /// Data could not be obtained, or the record not evaluated, before the hook's deadline (CRD resp-43:
    /// indeterminate, reason technical).
    /// </summary>
    Technical,
}
