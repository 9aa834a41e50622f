namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>A documented yes/no clinical judgement and where it was written down.</summary>
public sealed record DocumentedJudgement(bool Value, Evidence Evidence);
