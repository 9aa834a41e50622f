namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>The stage groups a (possibly partial) T, N, M allows: 0 (in situ) to 4.</summary>
public sealed record StageRange(int Min, int Max);
