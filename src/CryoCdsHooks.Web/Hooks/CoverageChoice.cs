using CryoCdsHooks.PolicyEngine;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.Web.Hooks;

/// <summary>
/// The Coverage that answers one order, and what else was seen: our Coverages not in force on the date of service
/// (lapsed, not yet started, cancelled) and how many belong to other payers (never named).
/// </summary>
public sealed record CoverageChoice(Coverage? Chosen, IReadOnlyList<Coverage> OursNotInForce, int OtherPayers)
{
    /// <summary>
    /// The Coverage the order names (<c>ServiceRequest.insurance</c>) when it is ours and in force; otherwise our
    /// Coverage in force on the date (status active or absent, period containing the date, as written), the
    /// lowest <c>Coverage.order</c> first. Secondary coverage with us is still ours to answer.
    /// </summary>
    public static CoverageChoice For(ServiceRequest order, PatientRecord record, DateOnly dateOfService, PayerIdentity payer)
    {
        var references = record.References;
        var ours = record.Coverages.Where(c => payer.IsOurs(c, references)).ToList();
        var inForce = ours.Where(c => InForce(c, dateOfService)).ToList();
        var named = order.Insurance.Select(i => references.Resolve<Coverage>(i, order)).OfType<Coverage>().ToList();
        var chosen = inForce.FirstOrDefault(c => named.Contains(c))
            ?? inForce.OrderBy(c => c.Order ?? int.MaxValue).FirstOrDefault();
        return new CoverageChoice(chosen, ours.Except(inForce).ToList(), record.Coverages.Count - ours.Count);
    }

    public static bool InForce(Coverage coverage, DateOnly date) =>
        coverage.Status is null or FinancialResourceStatusCodes.Active
        && (ServiceDate.LocalDay(coverage.Period?.Start) is not { } start || start <= date)
        && (ServiceDate.LocalDay(coverage.Period?.End) is not { } end || end >= date);
}
