namespace CryoCdsHooks.PolicyEngine;

/// <summary>An orderable alternative; coverage is governed by the named policy, not asserted here.</summary>
public sealed record AlternativeProcedure(string CptCode, string Display, string Rationale);
