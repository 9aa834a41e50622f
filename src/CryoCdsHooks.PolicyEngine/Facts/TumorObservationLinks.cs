using CryoCdsHooks.PolicyEngine.Terminology;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>The tumour a size or staging observation must be about: its records, its side, and whether it is alone.</summary>
internal sealed record TumorScope(IReadOnlyList<Condition> Tumors, BodySide? Side, bool IsOnlyTumor);

/// <summary>
/// Whether an observation counts for the target tumour: tied to it (focus on one of its Conditions, bodySite on
/// its side, derived from or grouped in a panel with an observation tied to it) or, untied, when the target is the
/// only tumour at the site. An observation tied to another tumour never counts.
/// </summary>
internal static class TumorObservationLinks
{
    private enum Tie { Untied, Target, Elsewhere }

    public static bool Counts(Observation observation, TumorScope scope, PatientRecord record, PolicyTerminology terms) =>
        TieOf(observation, scope, record, terms, followLinks: true) switch
        {
            Tie.Target => true,
            Tie.Elsewhere => false,
            _ => scope.IsOnlyTumor,
        };

    private static Tie TieOf(Observation observation, TumorScope scope, PatientRecord record, PolicyTerminology terms, bool followLinks)
    {
        var conditionFocus = observation.Focus.Where(f => ResourceReferences.Names(f, "Condition")).ToList();
        if (conditionFocus.Count > 0)
            return conditionFocus.Any(f => scope.Tumors.Any(t => ResourceReferences.PointsTo(f, t))) ? Tie.Target : Tie.Elsewhere;

        var side = TumorTargeting.SideOf([observation.BodySite, .. observation.BodySite is null ? [] : TumorTargeting.LateralityQualifiers(observation.BodySite)], terms);
        if (side is not null && scope.Side is not null)
            return side == scope.Side ? Tie.Target : Tie.Elsewhere;
        if (!followLinks)
            return Tie.Untied;

        // One step along derivedFrom (the size read off an imaging result) and up from a panel's hasMember.
        var linked = record.Observations
            .Where(o => !ReferenceEquals(o, observation)
                        && (observation.DerivedFrom.Any(r => ResourceReferences.PointsTo(r, o)) || o.HasMember.Any(r => ResourceReferences.PointsTo(r, observation))))
            .Select(o => TieOf(o, scope, record, terms, followLinks: false))
            .ToList();
        return linked.Contains(Tie.Target) ? Tie.Target : linked.Contains(Tie.Elsewhere) ? Tie.Elsewhere : Tie.Untied;
    }
}

/// <summary>
/// Reference matching by resource type and id: "Condition/1", "https://ehr/fhir/Condition/1" and
/// "Condition/1/_history/2" all point to Condition 1. urn:uuid and contained references need the Bundle's fullUrls
/// and are left to the FHIR reading layer's resolver; this is the one place to point at it.
/// </summary>
internal static class ResourceReferences
{
    public static bool PointsTo(ResourceReference? reference, Resource target) =>
        target.Id is not null && TypeAndId(reference) is var (type, id) && type == target.TypeName && id == target.Id;

    public static bool Names(ResourceReference? reference, string resourceType) => TypeAndId(reference)?.Type == resourceType;

    private static (string Type, string Id)? TypeAndId(ResourceReference? reference)
    {
        if (reference?.Reference is not { Length: > 0 } text)
            return null;
        var parts = text.Split('/');
        var history = Array.LastIndexOf(parts, "_history");
        if (history >= 0)
            parts = parts[..history];
        return parts.Length >= 2 && parts[^2].Length > 0 && parts[^1].Length > 0 ? (parts[^2], parts[^1]) : null;
    }
}
