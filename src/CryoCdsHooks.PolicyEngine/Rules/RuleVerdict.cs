namespace CryoCdsHooks.PolicyEngine.Rules;

/// <summary>What a rule set concluded for one order, before care setting and alternatives are applied.</summary>
internal sealed record RuleVerdict(
    DeterminationOutcome Outcome,
    string Reason,
    IReadOnlyList<CriterionResult> Criteria,
    IReadOnlyList<MissingInformation> Missing,
    IReadOnlyList<AlternativeProcedure> Alternatives,
    IReadOnlyList<string> Notes,
    string? Route = null
);
