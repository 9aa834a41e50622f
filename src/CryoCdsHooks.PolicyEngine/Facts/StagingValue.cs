namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>One AJCC value: stage group "IIB" = (Group, 2, "B"); "cT1a" = (T, 1, "a"); "cN0" = (N, 0, "").</summary>
public sealed record StagingValue(StagingAxis Axis, int Number, string Subcategory, string Label);
