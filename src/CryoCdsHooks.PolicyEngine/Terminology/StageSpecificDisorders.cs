using System.Collections.Frozen;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Terminology;

/// <summary>
/// Disorder concepts whose meaning includes the AJCC stage group ("Non-small cell carcinoma of lung, TNM stage 1"),
/// read from the embedded FHIR ConceptMap <c>mp260-stage-specific-disorders</c>: source SNOMED CT, target the
/// stage group as a <c>http://cancerstaging.org</c> code. Matching normalises system and code like the value sets.
/// </summary>
public sealed class StageSpecificDisorders
{
    private readonly FrozenDictionary<(string System, string Code), Coding> _stageGroups;

    private StageSpecificDisorders(IEnumerable<(Coding Source, Coding Target)> elements) =>
        _stageGroups = elements
            .Select(e => (Key: KeyOf(e.Source), e.Target))
            .Where(e => e.Key is not null)
            .DistinctBy(e => e.Key!.Value)
            .ToFrozenDictionary(e => e.Key!.Value, e => e.Target);

    /// <summary>
    /// The mapped source concepts (for checks that every stage-specific member of a value set is mapped).
    /// </summary>
    public IReadOnlyCollection<(string System, string Code)> Concepts => _stageGroups.Keys;

    /// <summary>
    /// The AJCC stage group the disorder names ("1" … "4", cancerstaging.org), or null when it names none.
    /// </summary>
    public Coding? StageGroupOf(Coding coding) => KeyOf(coding) is { } key ? _stageGroups.GetValueOrDefault(key) : null;

    internal static StageSpecificDisorders From(ConceptMap map) =>
        new(
            from grp in map.Group
            where CodeSystemIdentity.Same(grp.Target, CodeSystems.AjccStaging)
            from element in grp.Element
            from target in element.Target
            select (
                new Coding(grp.Source, element.Code, element.Display),
                new Coding(grp.Target, target.Code, target.Display)
            )
        );

    private static (string, string)? KeyOf(Coding coding) =>
        CodeSystemIdentity.Canonical(coding.System) is { } system
        && CodeNormalizer.Normalize(system, coding.Code) is { } code
            ? (system, code)
            : null;
}
