namespace CryoCdsHooks.PolicyEngine;

/// <summary>A fact taken from a resource: "Observation/egfr-1", "eGFR 57 mL/min/1.73m2", 2026-10-01.</summary>
public sealed record Evidence(string ResourceReference, string Summary, DateTimeOffset? Date);
