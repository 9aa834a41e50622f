namespace CryoCdsHooks.PolicyEngine.Rules;

/// <summary>A criterion the engine evaluates, with the policy sentence it comes from.</summary>
public sealed record PolicyCriterion(string Id, string Description, string PolicyClause);
