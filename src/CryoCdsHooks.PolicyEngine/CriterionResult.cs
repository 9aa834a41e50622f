namespace CryoCdsHooks.PolicyEngine;

public sealed record CriterionResult(
    string Id,
    string Description,
    CriterionStatus Status,
    string PolicyClause,
    IReadOnlyList<Evidence> Evidence
);
