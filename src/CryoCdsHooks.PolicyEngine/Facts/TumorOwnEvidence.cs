using CryoCdsHooks.PolicyEngine.Terminology;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>
/// The size and staging results a tumour Condition has of its own: final Observations that name it in
/// <c>focus</c>, and those it names in <c>stage.assessment</c> or <c>evidence.detail</c>. Two records at one site
/// and side are one tumour unless both have such results and they differ: a size or a staging axis recorded for
/// both with no value in common (2.5 cm against 5 cm) makes them two tumours.
/// </summary>
internal sealed class TumorOwnEvidence(PatientRecord record, PolicyTerminology terms)
{
    private static readonly string[] Kinds =
        [ValueSetIds.TumorSize, ValueSetIds.StageGroup, ValueSetIds.TCategory, ValueSetIds.NCategory, ValueSetIds.MCategory];

    private readonly Dictionary<Condition, Dictionary<string, HashSet<string>>> _byCondition = new(ReferenceEqualityComparer.Instance);

    /// <summary>Whether the Condition names the observation in <c>stage.assessment</c> or <c>evidence.detail</c>.</summary>
    public static bool NamedBy(Condition condition, Observation observation, ResourceReferences references) =>
        Named(condition).Any(r => references.PointsTo(r, condition, observation));

    /// <summary>The final size and staging Observations linked to the Condition (either direction).</summary>
    public IEnumerable<Observation> Of(Condition condition) =>
        record.Observations.Where(o => o.Focus.Any(f => record.References.PointsTo(f, o, condition)))
            .Concat(Named(condition).Select(r => record.References.Resolve<Observation>(r, condition)).OfType<Observation>())
            .Where(o => ResourceReading.IsFinal(o) && KindOf(o) is not null)
            .Distinct(ReferenceEqualityComparer.Instance)
            .Cast<Observation>();

    /// <summary>True when some two of the conditions have own results that tell them apart.</summary>
    public bool AnyApart(IReadOnlyList<ClassifiedCondition> conditions) =>
        conditions.Any(a => conditions.Any(b => !ReferenceEquals(a, b) && Apart(a.Resource, b.Resource)));

    public bool Apart(Condition a, Condition b)
    {
        var (first, second) = (Signature(a), Signature(b));
        return first.Any(kv => second.TryGetValue(kv.Key, out var other) && !kv.Value.Overlaps(other));
    }

    private Dictionary<string, HashSet<string>> Signature(Condition condition)
    {
        if (!_byCondition.TryGetValue(condition, out var signature))
        {
            signature = Of(condition)
                .GroupBy(o => KindOf(o)!)
                .ToDictionary(g => g.Key, g => g.SelectMany(ValueKeys).ToHashSet(StringComparer.Ordinal));
            _byCondition[condition] = signature;
        }
        return signature;
    }

    private static IEnumerable<ResourceReference> Named(Condition condition) =>
        condition.Stage.SelectMany(s => s.Assessment).Concat(condition.Evidence.SelectMany(e => e.Detail));

    private string? KindOf(Observation observation) => Kinds.FirstOrDefault(kind => terms[kind].Matches(observation.Code));

    /// <summary>A value as comparable keys: a quantity with its unit, each coding, the text. Unlike units are not converted (then they differ: conditional).</summary>
    private static IEnumerable<string> ValueKeys(Observation observation) =>
        (ResourceReading.ValueOf(observation) ?? observation.Component.Where(c => c.DataAbsentReason is null).Select(c => c.Value).FirstOrDefault(v => v is not null)) switch
        {
            Quantity { Value: { } value } quantity => [$"{ResourceReading.Format(value)} {(quantity.Code ?? quantity.Unit)?.Trim().ToLowerInvariant()}"],
            CodeableConcept concept =>
            [
                .. concept.Coding.Select(c => $"{CodeSystemIdentity.Canonical(c.System)}|{c.Code?.Trim()}"),
                .. concept.Text is { } text ? [text.Trim().ToLowerInvariant()] : Array.Empty<string>(),
            ],
            FhirString { Value: { } text } => [text.Trim().ToLowerInvariant()],
            _ => [],
        };
}
