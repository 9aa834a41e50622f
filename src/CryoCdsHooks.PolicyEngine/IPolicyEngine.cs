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
    /// <see cref="OperationCanceledException"/> once <paramref name="cancellationToken"/> fires (client gone,
    /// deadline).
    /// </summary>
    IReadOnlyList<CoverageDetermination> Evaluate(
        IReadOnlyList<ServiceRequest> ordersToEvaluate,
        IReadOnlyList<ServiceRequest> allDraftOrders,
        PatientRecord record,
        DateOnly evaluationDate,
        CancellationToken cancellationToken = default
    );

    /// <summary>
    /// What can be said of the orders without reading the record, for an answer that cannot wait for
    /// <see cref="Evaluate"/> (the hook's deadline passed): each order in the policy's scope classified, dated and
    /// given the edition in force, deciding nothing (<see cref="CoverageDetermination.Undecided"/>). Classification
    /// only, so its cost does not depend on the record.
    /// </summary>
    IReadOnlyList<CoverageDetermination> Undecided(
        IReadOnlyList<ServiceRequest> ordersToEvaluate,
        DateOnly evaluationDate,
        string reason
    );
}
