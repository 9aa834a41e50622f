using CryoCdsHooks.PolicyEngine;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.Web.Hooks;

/// <summary>
/// The Coverage that answers one order, and what else was seen: our Coverages not in force on the date of service
/// (lapsed, not yet started, cancelled), how many belong to other payers (never named) and how many name a payer
/// that could not be identified. <see cref="PayerUnconfirmed"/>: the chosen Coverage is one whose payer could not
/// be identified, answered because it is the patient's only Coverage in force.
/// </summary>
public sealed record CoverageChoice(
    Coverage? Chosen,
    IReadOnlyList<Coverage> OursNotInForce,
    int OtherPayers,
    int UnidentifiedPayers = 0
)
{
    public bool PayerUnconfirmed { get; init; }

    /// <summary>
    /// The Coverage the order names (<c>ServiceRequest.insurance</c>) when it is ours and in force; otherwise our
    /// Coverage in force on the date (status active or absent, period containing the date, as written), the
    /// lowest <c>Coverage.order</c> first. Secondary coverage with us is still ours to answer. With none of ours, a
    /// Coverage whose payer could not be identified is answered when it is the only Coverage in force.
    /// <paramref name="record"/> is the record as <see cref="RecordScope"/> admits it (the patient's Coverages only).
    /// </summary>
    public static CoverageChoice For(
        ServiceRequest order,
        PatientRecord record,
        DateOnly dateOfService,
        PayerIdentity payer
    )
    {
        var references = record.References;
        var byPayer = record.Coverages.ToLookup(c => payer.Match(c, references));
        var ours = byPayer[PayerMatch.Ours].ToList();
        var inForce = ours.Where(c => InForce(c, dateOfService)).ToList();
        var named = order.Insurance.Select(i => references.Resolve<Coverage>(i, order)).OfType<Coverage>().ToList();
        var chosen = inForce.FirstOrDefault(c => named.Contains(c))
            ?? inForce.OrderBy(c => c.Order ?? int.MaxValue).FirstOrDefault();
        var choice = new CoverageChoice(
            chosen,
            ours.Except(inForce).ToList(),
            byPayer[PayerMatch.Other].Count(),
            byPayer[PayerMatch.Unidentified].Count()
        );
        return
            chosen is null
            && record.Coverages.Where(c => InForce(c, dateOfService)).ToList() is [var only]
            && byPayer[PayerMatch.Unidentified].Contains(only)
            ? choice with
            {
                Chosen = only,
                PayerUnconfirmed = true,
            }
            : choice;
    }

    public static bool InForce(Coverage coverage, DateOnly date) =>
        coverage.Status is null or FinancialResourceStatusCodes.Active
        && (ServiceDate.LocalDay(coverage.Period?.Start) is not { } start || start <= date)
        && (ServiceDate.LocalDay(coverage.Period?.End) is not { } end || end >= date);
}
