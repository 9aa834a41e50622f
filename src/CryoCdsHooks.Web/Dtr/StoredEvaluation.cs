namespace CryoCdsHooks.Web.Dtr;

/// <summary>
/// What the audit store keeps of one evaluation for DTR: its coverage-assertion-id, the order, the form for the
/// order's procedure, and the missing-information codes (the questions it left open).
/// </summary>
public sealed record StoredEvaluation(
    string AssertionId,
    string OrderReference,
    string? QuestionnaireId,
    IReadOnlyList<string> Missing
);
