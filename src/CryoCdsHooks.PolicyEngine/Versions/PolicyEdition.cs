namespace CryoCdsHooks.PolicyEngine.Versions;

/// <summary>One policy edition and the engine that applies it.</summary>
public sealed record PolicyEdition(PolicyVersion Version, IPolicyEngine Engine);
