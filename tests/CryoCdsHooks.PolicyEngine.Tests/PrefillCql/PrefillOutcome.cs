namespace CryoCdsHooks.PolicyEngine.Tests.PrefillCql;

/// <summary>One item of one patient: the prefilled answer, the engine's value (text form), how they compare.</summary>
internal sealed record PrefillOutcome(string Key, string Item, string? Cql, string? Engine, PrefillAgreement Kind);
