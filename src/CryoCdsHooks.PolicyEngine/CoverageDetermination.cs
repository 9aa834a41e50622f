using CryoCdsHooks.PolicyEngine.Versions;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine;

/// <summary>What Medical Policy 260 says about one ordered ServiceRequest.</summary>
public sealed record CoverageDetermination
{
    /// <summary>The draft order this determination is about (as received; never modified).</summary>
    public required ServiceRequest Order { get; init; }

    /// <summary>The order's date of service, which every date rule of this determination used.</summary>
    public required ServiceDate DateOfService { get; init; }
    public required ProcedureClass Procedure { get; init; }

    /// <summary>The policy CPT code that put the order in scope, e.g. "50593".</summary>
    public required string CptCode { get; init; }
    public required DeterminationOutcome Outcome { get; init; }
    public required PriorAuthorization PriorAuthorization { get; init; }
    public required CareSetting Setting { get; init; }

    /// <summary>One plain-language sentence explaining the outcome (card summary material, &lt; 140 chars).</summary>
    public required string Reason { get; init; }

    /// <summary>Every criterion evaluated for this order, in policy order, with evidence.</summary>
    public required IReadOnlyList<CriterionResult> Criteria { get; init; }

    /// <summary>What must be documented to decide; empty unless Outcome is NeedsInformation.</summary>
    public IReadOnlyList<MissingInformation> Missing { get; init; } = [];

    /// <summary>Orderable alternatives worth suggesting (empty when covered).</summary>
    public IReadOnlyList<AlternativeProcedure> Alternatives { get; init; } = [];

    /// <summary>Non-blocking remarks (bundling, laterality, code plausibility, record values not used).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The policy edition this order was judged by (the one in force on its date).</summary>
    public required PolicyVersion Policy { get; init; }

    /// <summary>For a covered order, the policy route that was satisfied (the policy's "either of" bullets).</summary>
    public string? Route { get; init; }

    public bool IsNotCovered => Outcome is DeterminationOutcome.Investigational or DeterminationOutcome.CriteriaNotMet;

    /// <summary>A determination that decides nothing: no criterion was read, so it needs information.</summary>
    public static CoverageDetermination Undecided(
        ServiceRequest order,
        ProcedureClass procedure,
        string cptCode,
        ServiceDate dateOfService,
        PolicyVersion policy,
        string reason,
        IReadOnlyList<MissingInformation>? missing = null
    ) =>
        new()
        {
            Order = order,
            DateOfService = dateOfService,
            Procedure = procedure,
            CptCode = cptCode,
            Outcome = DeterminationOutcome.NeedsInformation,
            PriorAuthorization = PriorAuthorization.Conditional,
            Setting = CareSetting.Unknown,
            Reason = reason,
            Criteria = [],
            Missing = missing ?? [],
            Policy = policy,
        };
}
