using CryoCdsHooks.PolicyEngine;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.Web.Hooks;

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
