namespace CryoCdsHooks.Web.Persistence;

/// <summary>One coverage assertion of an answered call, as stored.</summary>
public sealed record AssertionRecord(
    string AssertionId,
    string OrderReference,
    string Covered,
    string? PaNeeded,
    string Reason,
    string CoverageInformationJson,
    string? QuestionnaireId = null,
    IReadOnlyList<string>? MissingCodes = null,
    string PatientId = "",
    string? DecisionBasisJson = null
);
