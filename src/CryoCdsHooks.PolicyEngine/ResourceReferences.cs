using System.Runtime.CompilerServices;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine;

/// <summary>
/// The one reference resolver: every place that follows a FHIR reference (reasonReference, Observation.focus,
/// hasMember, derivedFrom, Coverage.payor) asks it, so every reference form reaches the same resource:
/// relative (<c>Condition/1</c>), absolute on the same server (<c>https://ehr/fhir/Condition/1</c>), versioned
/// (<c>…/_history/3</c>), a Bundle <c>fullUrl</c> (<c>urn:uuid:…</c>) and contained (<c>#id</c>).
/// </summary>
public sealed class ResourceReferences
{
    private static readonly ConditionalWeakTable<PatientRecord, ResourceReferences> Cache = [];

    private readonly Dictionary<string, Resource> _byTypeAndId = new(StringComparer.Ordinal);
    private readonly IReadOnlyDictionary<string, Resource> _byFullUrl;
    private readonly HashSet<string> _serverBases = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lazy<ILookup<string, Observation>> _panelsById;
    private readonly Lazy<ILookup<Observation, Observation>> _panelsByInstance;

    private ResourceReferences(
        IEnumerable<Resource> resources,
        IReadOnlyDictionary<string, Resource> fullUrls,
        IReadOnlyList<Observation> observations
    )
    {
        // Who is a member of which panel, resolved once: asking per observation would scan the record each time.
        var memberships = new Lazy<List<(Observation Member, Observation Panel)>>(() =>
            [
                .. from panel in observations
                from reference in panel.HasMember
                let member = Resolve<Observation>(reference, panel)
                where member is not null && !ReferenceEquals(member, panel)
                select (member, panel),
            ]
        );
        _panelsById = new(() =>
            memberships
                .Value.Where(m => m.Member.Id is not null)
                .ToLookup(m => m.Member.Id!, m => m.Panel, StringComparer.Ordinal)
        );
        _panelsByInstance = new(() =>
            memberships.Value.ToLookup(
                m => m.Member,
                m => m.Panel,
                (IEqualityComparer<Observation>)ReferenceEqualityComparer.Instance
            )
        );

        foreach (var resource in resources)
        {
            if (!string.IsNullOrEmpty(resource.Id))
                _byTypeAndId.TryAdd($"{resource.TypeName}/{resource.Id}", resource);
        }

        _byFullUrl = fullUrls;
        foreach (var (fullUrl, resource) in fullUrls)
        {
            if (ParseLiteral(fullUrl) is { Base: { } serverBase })
                _serverBases.Add(serverBase);
        }
    }

    /// <summary>The resolver for a record, built once per record instance.</summary>
    public static ResourceReferences For(PatientRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Cache.GetValue(record, r => new ResourceReferences(r.AllResources(), r.FullUrls, r.Observations));
    }

    /// <summary>
    /// The record's panels whose <c>hasMember</c> points to <paramref name="member"/> (by <see cref="PointsTo"/>'s
    /// rule: the same instance, or the same id), in record order.
    /// </summary>
    public IEnumerable<Observation> PanelsOf(Observation member)
    {
        ArgumentNullException.ThrowIfNull(member);
        var panels = member.Id is null ? _panelsByInstance.Value[member] : _panelsById.Value[member.Id];
        return panels.Where(p => !ReferenceEquals(p, member));
    }

    /// <summary>
    /// The resource a reference points to, or null when it is not in the record (or is of another type).
    /// <paramref name="container"/> is the resource holding the reference, for <c>#id</c> (contained) references.
    /// </summary>
    public T? Resolve<T>(ResourceReference? reference, DomainResource? container)
        where T : Resource => Resolve(reference?.Reference, container) as T;

    public Resource? Resolve(string? reference, DomainResource? container)
    {
        if (string.IsNullOrWhiteSpace(reference))
            return null;
        if (reference.StartsWith('#'))
        {
            var id = reference[1..];
            return container?.Contained.FirstOrDefault(c => c.Id == id);
        }

        var unversioned = WithoutHistory(reference);
        if (_byFullUrl.TryGetValue(unversioned, out var byFullUrl))
            return byFullUrl;
        if (ParseLiteral(unversioned) is not { } literal)
            return null;
        // An absolute URL names our data only when its base is one the data came from (or no base is known).
        if (literal.Base is { } serverBase && _serverBases.Count > 0 && !_serverBases.Contains(serverBase))
            return null;
        return _byTypeAndId.GetValueOrDefault($"{literal.Type}/{literal.Id}");
    }

    /// <summary>
    /// Whether a reference held by <paramref name="container"/> points to <paramref name="target"/>: the same
    /// instance, or (for a target the record holds under another copy) the same type and id.
    /// </summary>
    public bool PointsTo(ResourceReference? reference, DomainResource? container, Resource target) =>
        Resolve(reference?.Reference, container) is { } resolved
        && (
            ReferenceEquals(resolved, target)
            || (target.Id is not null && resolved.TypeName == target.TypeName && resolved.Id == target.Id)
        );

    /// <summary>
    /// The resource type a reference names without resolving it ("Condition" for <c>…/Condition/1/_history/2</c>),
    /// or the resolved resource's type for <c>#id</c> and <c>urn:uuid:</c> forms.
    /// </summary>
    public string? TypeOf(ResourceReference? reference, DomainResource? container) =>
        Resolve(reference?.Reference, container)?.TypeName
        ?? (reference?.Reference is { } text ? ParseLiteral(WithoutHistory(text))?.Type : null)
        ?? reference?.Type;

    /// <summary>
    /// The type and id a literal reference names (relative, absolute or versioned), or null for other forms.
    /// </summary>
    public static (string Type, string Id)? Literal(string? reference) =>
        reference is null ? null
        : ParseLiteral(WithoutHistory(reference)) is { } literal ? (literal.Type, literal.Id)
        : null;

    private static string WithoutHistory(string reference)
    {
        var history = reference.IndexOf("/_history/", StringComparison.Ordinal);
        return history < 0 ? reference : reference[..history];
    }

    /// <summary>"[base/]Type/id" with a known resource type, else null (urn:, identifiers, queries).</summary>
    private static (string? Base, string Type, string Id)? ParseLiteral(string reference)
    {
        if (reference.StartsWith("urn:", StringComparison.OrdinalIgnoreCase) || reference.Contains('?'))
            return null;
        var segments = reference.Split('/');
        if (segments.Length < 2)
            return null;
        var (type, id) = (segments[^2], segments[^1]);
        if (id.Length == 0 || !ModelInfo.IsKnownResource(type))
            return null;
        var serverBase = segments.Length > 2 ? string.Join('/', segments[..^2]) : null;
        return (serverBase, type, id);
    }
}
