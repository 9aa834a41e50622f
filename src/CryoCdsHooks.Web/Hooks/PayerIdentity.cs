using CryoCdsHooks.PolicyEngine;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.Web.Hooks;

/// <summary>
/// Decides whether a Coverage's payor is us, from the reference's identifier or display, or the payor resource.
/// </summary>
public sealed class PayerIdentity(PayerOptions options)
{
    private readonly HashSet<string> _names = (
        options.Names.Count == 0 && options.Identifiers.Count == 0 ? PayerOptions.DefaultNames : options.Names
    )
        .Select(n => n.Trim())
        .ToHashSet(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _identifiers = options
        .Identifiers.Select(i => i.Trim())
        .ToHashSet(StringComparer.Ordinal);

    public static readonly PayerIdentity Default = new(new PayerOptions());

    /// <summary>
    /// Ours when any payor is us (by display or identifier, or the payor Organization when contained, included or
    /// read from the FHIR server). Unidentified when a payor is known only by a reference the record cannot
    /// resolve: it may be us, it may not. Otherwise another payer's.
    /// </summary>
    public PayerMatch Match(Coverage coverage, ResourceReferences references)
    {
        var unidentified = false;
        foreach (var payor in coverage.Payor)
        {
            var organization = references.Resolve(payor.Reference, coverage) as Organization;
            if (IsUs(payor) || (organization is not null && IsUs(organization)))
                return PayerMatch.Ours;
            unidentified |= organization is null && payor.Display is null && payor.Identifier is null;
        }
        return unidentified ? PayerMatch.Unidentified : PayerMatch.Other;
    }

    private bool IsUs(ResourceReference payor) =>
        (payor.Display is { } display && _names.Contains(display.Trim())) || IsUs(payor.Identifier);

    private bool IsUs(Organization organization) =>
        (organization.Name is { } name && _names.Contains(name.Trim()))
        || organization.Alias.Any(alias => alias is not null && _names.Contains(alias.Trim()))
        || organization.Identifier.Any(IsUs);

    private bool IsUs(Identifier? identifier) =>
        identifier is { Value: { } value } && _identifiers.Contains($"{identifier.System}|{value}");
}
