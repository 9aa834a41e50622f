using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine;

/// <summary>Applies Medical Policy 260 to the draft orders of one hook call.</summary>
public interface IPolicyEngine
{
    /// <summary>
    /// Evaluates each order in <paramref name="ordersToEvaluate"/> against the policy. Orders outside the
    /// policy's CPT codes are skipped (no determination). <paramref name="allDraftOrders"/> is the whole
    /// draftOrders set, used to pair guidance codes with the ablation ordered alongside them.
    /// <paramref name="evaluationDate"/> is used when an order has no authoredOn. Work stops with an
    /// <see cref="OperationCanceledException"/> once <paramref name="cancellationToken"/> fires (client gone, deadline).
    /// </summary>
    IReadOnlyList<CoverageDetermination> Evaluate(
        IReadOnlyList<ServiceRequest> ordersToEvaluate,
        IReadOnlyList<ServiceRequest> allDraftOrders,
        PatientRecord record,
        DateOnly evaluationDate,
        CancellationToken cancellationToken = default);
}
