using CryoCdsHooks.PolicyEngine;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.Web.Hooks;

/// <summary>
/// Who "we" are (section <c>Payer</c>): the service answers for one payer, and only a Coverage whose payor is this
/// payer may decide, label or be referenced by an answer. The embedded default is BCBSMA.
/// </summary>
public sealed class PayerOptions
{
    public const string Section = "Payer";

    /// <summary>The embedded default, used when neither names nor identifiers are configured.</summary>
    public static readonly IReadOnlyList<string> DefaultNames =
        ["Blue Cross Blue Shield of Massachusetts", "Blue Cross and Blue Shield of Massachusetts", "BCBSMA", "BCBS of Massachusetts"];

    /// <summary>
    /// Names (and aliases) of the payer Organization, compared case-insensitively and trimmed. Empty by default
    /// because configuration binding appends to a list: the defaults apply only when nothing is configured.
    /// </summary>
    public List<string> Names { get; set; } = [];

    /// <summary>Identifiers of the payer Organization as <c>system|value</c> (e.g. a payer id or NAIC code).</summary>
    public List<string> Identifiers { get; set; } = [];
}

/// <summary>Decides whether a Coverage's payor is us, from the reference's identifier or display, or the payor resource.</summary>
public sealed class PayerIdentity(PayerOptions options)
{
    private readonly HashSet<string> _names =
        (options.Names.Count == 0 && options.Identifiers.Count == 0 ? PayerOptions.DefaultNames : options.Names)
        .Select(n => n.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _identifiers = options.Identifiers.Select(i => i.Trim()).ToHashSet(StringComparer.Ordinal);

    public static readonly PayerIdentity Default = new(new PayerOptions());

    /// <summary>True when any payor of the Coverage is us. The payor resource counts when contained or included.</summary>
    public bool IsOurs(Coverage coverage, ResourceReferences references) =>
        coverage.Payor.Any(payor => IsUs(payor)
            || references.Resolve(payor.Reference, coverage) is Organization organization && IsUs(organization));

    private bool IsUs(ResourceReference payor) =>
        (payor.Display is { } display && _names.Contains(display.Trim())) || IsUs(payor.Identifier);

    private bool IsUs(Organization organization) =>
        (organization.Name is { } name && _names.Contains(name.Trim()))
        || organization.Alias.Any(alias => alias is not null && _names.Contains(alias.Trim()))
        || organization.Identifier.Any(IsUs);

    private bool IsUs(Identifier? identifier) =>
        identifier is { Value: { } value } && _identifiers.Contains($"{identifier.System}|{value}");
}

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
