using CryoCdsHooks.PolicyEngine.Terminology;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Versions;

/// <summary>
/// The policy engine keyed by policy version and effective date: each order is judged by the edition in force on
/// its date, so a revised policy is added beside the current one rather than replacing it. An order dated when no
/// edition is in force is not judged by a guess: it needs information (the date of service).
/// </summary>
public sealed class VersionedPolicyEngine : IPolicyEngine
{
    public const string MissingDateOfService = "date-of-service";

    private readonly IReadOnlyList<PolicyEdition> _editions;
    private readonly PolicyTerminology _terminology;

    public VersionedPolicyEngine(IReadOnlyList<PolicyEdition> editions, PolicyTerminology terminology)
    {
        var overlapping = editions
            .SelectMany(
                (a, i) =>
                    editions
                        .Skip(i + 1)
                        .Where(b => Overlap(a.Version, b.Version))
                        .Select(b => $"{a.Version.Version} and {b.Version.Version}")
            )
            .ToList();
        if (editions.Count == 0 || overlapping.Count > 0)
        {
            throw new ArgumentException(
                $"Policy editions must be non-empty and must not overlap: {string.Join(", ", overlapping)}",
                nameof(editions)
            );
        }
        _editions = editions;
        _terminology = terminology;
    }

    /// <summary>Policy 260 as the service applies it: every edition this code base implements.</summary>
    public static VersionedPolicyEngine Policy260(PolicyTerminology terminology) =>
        new(
            [
                new PolicyEdition(
                    Policy260Versions.September2024,
                    new Policy260Engine(terminology, Policy260Versions.September2024)
                ),
            ],
            terminology
        );

    public IReadOnlyList<PolicyEdition> Editions => _editions;

    public PolicyEdition? InForceOn(DateOnly date) => _editions.FirstOrDefault(e => e.Version.IsInForceOn(date));

    public IReadOnlyList<CoverageDetermination> Evaluate(
        IReadOnlyList<ServiceRequest> ordersToEvaluate,
        IReadOnlyList<ServiceRequest> allDraftOrders,
        PatientRecord record,
        DateOnly evaluationDate,
        CancellationToken cancellationToken = default
    ) =>
        ByEdition(
            ordersToEvaluate,
            evaluationDate,
            (engine, order) => engine.Evaluate([order], allDraftOrders, record, evaluationDate, cancellationToken),
            record.Planned
        );

    public IReadOnlyList<CoverageDetermination> Undecided(
        IReadOnlyList<ServiceRequest> ordersToEvaluate,
        DateOnly evaluationDate,
        string reason
    ) =>
        ByEdition(ordersToEvaluate, evaluationDate, (engine, order) =>
            engine.Undecided([order], evaluationDate, reason)
        );

    /// <summary>Each order answered by the edition in force on its date, or as needing a date when none is.</summary>
    private List<CoverageDetermination> ByEdition(
        IReadOnlyList<ServiceRequest> orders,
        DateOnly evaluationDate,
        Func<IPolicyEngine, ServiceRequest, IReadOnlyList<CoverageDetermination>> answer,
        PlannedService? planned = null
    )
    {
        var results = new List<CoverageDetermination>(orders.Count);
        foreach (var order in orders)
        {
            var dateOfService = ServiceDate.Of(order, evaluationDate, planned);
            if (InForceOn(dateOfService.Date) is { } edition)
                results.AddRange(answer(edition.Engine, order));
            else if (NoEditionInForce(order, dateOfService) is { } undecided)
                results.Add(undecided);
        }
        return results;
    }

    private CoverageDetermination? NoEditionInForce(ServiceRequest order, ServiceDate dateOfService)
    {
        var orderDate = dateOfService.Date;
        if (ProcedureClassification.Classify(order, _terminology) is not var (procedure, cptCode))
            return null;
        var nearest = _editions.MinBy(e => Math.Abs(e.Version.EffectiveFrom.DayNumber - orderDate.DayNumber))!.Version;
        return CoverageDetermination.Undecided(
            order,
            procedure,
            cptCode,
            dateOfService,
            nearest,
            $"No edition of policy {nearest.PolicyNumber} we apply is in force on the order date "
                + $"{orderDate:yyyy-MM-dd}.",
            [
                new MissingInformation(
                    MissingDateOfService,
                    $"A date of service within an edition of policy {nearest.PolicyNumber} we apply (from "
                        + $"{_editions.Min(e => e.Version.EffectiveFrom):yyyy-MM-dd})"
                ),
            ]
        );
    }

    private static bool Overlap(PolicyVersion a, PolicyVersion b) =>
        a.EffectiveFrom < (b.EffectiveUntil ?? DateOnly.MaxValue)
        && b.EffectiveFrom < (a.EffectiveUntil ?? DateOnly.MaxValue);
}
