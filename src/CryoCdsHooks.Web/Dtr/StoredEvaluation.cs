using CryoCdsHooks.PolicyEngine;

namespace CryoCdsHooks.Web.Dtr;

/// <summary>
/// What the audit store keeps of one evaluation for DTR: its coverage-assertion-id, the order, the hook's patient,
/// the form for the order's procedure, the missing-information codes (the questions it left open) and, for a
/// conditional answer read for $next-question, the basis the engine judges it again on (<see cref="DecisionBasis"/>).
/// </summary>
public sealed record StoredEvaluation(
    string AssertionId,
    string OrderReference,
    string PatientId,
    string? QuestionnaireId,
    IReadOnlyList<string> Missing,
    DecisionBasis? Basis
);
