namespace CryoCdsHooks.PolicyEngine;

/// <summary>Something the clinician can document to complete the determination.</summary>
public sealed record MissingInformation(string Code, string Description);
