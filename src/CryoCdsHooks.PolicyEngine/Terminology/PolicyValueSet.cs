using System.Collections.Frozen;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Terminology;

/// <summary>An expanded-enough view of one policy ValueSet: explicit concepts plus ICD-10-CM prefix filters.</summary>
public sealed class PolicyValueSet
{
    private readonly FrozenDictionary<(string System, string Code), Coding> _concepts;
    private readonly IReadOnlyList<(string System, string Prefix)> _isAFilters;

    private PolicyValueSet(string id, string title, IEnumerable<Coding> concepts, IEnumerable<(string, string)> isAFilters)
    {
        Id = id;
        Title = title;
        _concepts = concepts
            .Where(c => c is { System: not null, Code: not null })
            .DistinctBy(c => (c.System!, CodeNormalizer.Normalize(c.System, c.Code)))
            .ToFrozenDictionary(c => (c.System!, CodeNormalizer.Normalize(c.System, c.Code)));
        _isAFilters = isAFilters.ToList();
    }

    public string Id { get; }
    public string Title { get; }

    /// <summary>The concepts listed by code (filters are not enumerable: they are prefix rules).</summary>
    public IReadOnlyCollection<Coding> ExplicitCodes => _concepts.Values;

    public bool Contains(Coding? coding) =>
        coding is { System: not null, Code: not null } && Contains(coding.System, coding.Code);

    public bool Contains(string system, string code)
    {
        var normalized = CodeNormalizer.Normalize(system, code);
        return _concepts.ContainsKey((system, normalized))
               || _isAFilters.Any(f => f.System == system && normalized.StartsWith(f.Prefix, StringComparison.Ordinal));
    }

    /// <summary>True when any coding of the concept is in the value set (text is never matched).</summary>
    public bool Matches(CodeableConcept? concept) => concept?.Coding.Any(Contains) == true;

    /// <summary>The display the value set gives to a member coding (used for canonical staging labels).</summary>
    public string? DisplayOf(Coding coding) =>
        coding is { System: not null, Code: not null }
        && _concepts.TryGetValue((coding.System, CodeNormalizer.Normalize(coding.System, coding.Code)), out var member)
            ? member.Display
            : null;

    internal static PolicyValueSet From(ValueSet valueSet)
    {
        var includes = valueSet.Compose?.Include ?? [];
        var concepts = includes.SelectMany(inc => inc.Concept.Select(c => new Coding(inc.System, c.Code, c.Display)));
        var filters = includes
            .Where(inc => inc.System is not null)
            .SelectMany(inc => inc.Filter
                .Where(f => f.Op == FilterOperator.IsA)
                .Select(f => (inc.System!, CodeNormalizer.Normalize(inc.System, f.Value))));
        return new PolicyValueSet(
            valueSet.Id ?? throw new InvalidOperationException("Policy ValueSet without id."),
            valueSet.Title ?? valueSet.Id,
            concepts,
            filters);
    }
}

/// <summary>Makes codes comparable across senders: ICD-10-CM with or without the dot.</summary>
public static class CodeNormalizer
{
    public static string Normalize(string? system, string? code) =>
        code is null ? "" :
        system == CodeSystems.Icd10Cm ? code.Replace(".", "", StringComparison.Ordinal).Trim().ToUpperInvariant() : code.Trim();
}
