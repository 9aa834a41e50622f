using CryoCdsHooks.FhirAccess;
using CryoCdsHooks.PolicyEngine;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.Web.Hooks;

/// <summary>
/// Turns the engine's determinations into per-order answers, layering what the engine does not know:
/// whether the patient has active coverage, and whether the data could be obtained at all.
/// </summary>
public static class HookAnswering
{
    /// <summary>Keys whose loss makes a determination unreliable; a missing encounter only makes the setting unknown.</summary>
    private static readonly HashSet<string> ClinicalKeys =
    [
        PrefetchTemplateCatalog.CoverageKey, PrefetchTemplateCatalog.ConditionsKey,
        PrefetchTemplateCatalog.ObservationsKey, PrefetchTemplateCatalog.ProceduresKey,
    ];

    public static IReadOnlyList<OrderCoverageAnswer> Answer(
        HookRequest request, PatientRecordLoadResult loaded, IReadOnlyList<CoverageDetermination> determinations, DateOnly today)
    {
        var technical = loaded.Problems.Where(p => ClinicalKeys.Contains(p.PrefetchKey)).ToList();
        var technicalReason = technical.Count == 0 ? null
            : "Coverage could not be determined: " + string.Join("; ", technical.Select(p => $"{p.PrefetchKey}: {p.Message}"));

        return determinations.Select(determination =>
        {
            var order = request.DraftOrders.First(o => o.Resource.Id == determination.Order.Id);
            var orderDate = determination.Order.AuthoredOnElement?.ToDateTimeOffset(TimeSpan.Zero) is { } authored
                ? DateOnly.FromDateTime(authored.UtcDateTime) : today;
            var (coverage, basis) = technicalReason is not null
                ? (loaded.Record.Coverage, AnswerBasis.Technical)
                : ActiveCoverage(loaded.Record.Coverage, orderDate);
            return new OrderCoverageAnswer(order, determination, basis, coverage, Guid.NewGuid().ToString(), today, technicalReason);
        }).ToList();
    }

    private static (Coverage? Coverage, AnswerBasis Basis) ActiveCoverage(Coverage? coverage, DateOnly onDate)
    {
        if (coverage is null) return (null, AnswerBasis.CoverageNotFound);
        var statusOk = coverage.Status is null or FinancialResourceStatusCodes.Active;
        var start = coverage.Period?.StartElement?.ToDateTimeOffset(TimeSpan.Zero);
        var end = coverage.Period?.EndElement?.ToDateTimeOffset(TimeSpan.Zero);
        var inPeriod = (start is null || DateOnly.FromDateTime(start.Value.UtcDateTime) <= onDate)
            && (end is null || DateOnly.FromDateTime(end.Value.UtcDateTime) >= onDate);
        return statusOk && inPeriod ? (coverage, AnswerBasis.Policy) : (coverage, AnswerBasis.NoActiveCoverage);
    }
}
