using System.Collections.Frozen;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Terminology;

/// <summary>
/// An expanded view of one policy ValueSet: its listed concepts plus ICD-10-CM <c>is-a</c> filters. A coding is a
/// member by exact (normalised) system + code, or, for an ICD-10-CM filter, when it is the filter's code or one of
/// its descendants in the ICD-10-CM hierarchy. Nothing else is inferred: SNOMED CT descendants are listed.
/// </summary>
public sealed class PolicyValueSet
{
    private readonly FrozenDictionary<(string System, string Code), Coding> _concepts;
    private readonly IReadOnlyList<(string System, string Code)> _isAFilters;

    private PolicyValueSet(
        string id,
        string title,
        IEnumerable<Coding> concepts,
        IEnumerable<(string, string)> isAFilters
    )
    {
        Id = id;
        Title = title;
        _concepts = concepts
            .Select(c => (Coding: c, Key: KeyOf(c.System, c.Code)))
            .Where(c => c.Key is not null)
            .DistinctBy(c => c.Key!.Value)
            .ToFrozenDictionary(c => c.Key!.Value, c => c.Coding);
        _isAFilters = isAFilters.ToList();
    }

    public string Id { get; }
    public string Title { get; }

    /// <summary>The concepts listed by code (filters are not enumerable: they are hierarchy rules).</summary>
    public IReadOnlyCollection<Coding> ExplicitCodes => _concepts.Values;

    public bool Contains(Coding? coding) =>
        coding is { System: not null, Code: not null } && Contains(coding.System, coding.Code);

    public bool Contains(string system, string code) =>
        KeyOf(system, code) is { } key
        && (
            _concepts.ContainsKey(key)
            || _isAFilters.Any(f => f.System == key.System && Icd10CmHierarchy.IsSelfOrDescendant(key.Code, f.Code))
        );

    /// <summary>True when any coding of the concept is in the value set (text is never matched).</summary>
    public bool Matches(CodeableConcept? concept) => concept?.Coding.Any(Contains) == true;

    /// <summary>The display the value set gives to a member coding (used for canonical staging labels).</summary>
    public string? DisplayOf(Coding coding) =>
        KeyOf(coding.System, coding.Code) is { } key && _concepts.TryGetValue(key, out var member)
            ? member.Display
            : null;

    internal static PolicyValueSet From(ValueSet valueSet)
    {
        var includes = valueSet.Compose?.Include ?? [];
        var concepts = includes.SelectMany(inc => inc.Concept.Select(c => new Coding(inc.System, c.Code, c.Display)));
        var filters = includes
            .SelectMany(inc => inc.Filter.Select(f => (Include: inc, Filter: f)))
            .Select(x =>
                x.Filter.Op == FilterOperator.IsA
                && KeyOf(x.Include.System, x.Filter.Value) is { System: CodeSystems.Icd10Cm } key
                    ? key
                    : throw new InvalidOperationException(
                        $"ValueSet {valueSet.Id}: only ICD-10-CM is-a filters are supported, not {x.Include.System} "
                            + $"{x.Filter.Op} {x.Filter.Value}."
                    )
            )
            .ToList();
        return new PolicyValueSet(
            valueSet.Id ?? throw new InvalidOperationException("Policy ValueSet without id."),
            valueSet.Title ?? valueSet.Id,
            concepts,
            filters
        );
    }

    private static (string System, string Code)? KeyOf(string? system, string? code) =>
        CodeSystemIdentity.Canonical(system) is { } canonical
        && CodeNormalizer.Normalize(canonical, code) is { } normalized
            ? (canonical, normalized)
            : null;
}
