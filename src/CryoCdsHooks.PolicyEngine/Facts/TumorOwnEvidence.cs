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
    [
        ValueSetIds.TumorSize,
        ValueSetIds.StageGroup,
        ValueSetIds.TCategory,
        ValueSetIds.NCategory,
        ValueSetIds.MCategory,
    ];

    private readonly Dictionary<Condition, Dictionary<string, HashSet<string>>> _byCondition = new(
        ReferenceEqualityComparer.Instance
    );

    // Size and staging results by the Condition their focus names ("Condition/id"), built once: linear in the record.
    private readonly Lazy<ILookup<string, Observation>> _byFocus = new(() =>
        (
            from observation in record.Observations
            where ResourceReading.IsFinal(observation) && Kinds.Any(kind => terms[kind].Matches(observation.Code))
            from focus in observation.Focus
            let condition = record.References.Resolve<Condition>(focus, observation)
            where condition is not null
            select (Key: ResourceReading.ReferenceTo(condition), Observation: observation)
        ).ToLookup(x => x.Key, x => x.Observation, StringComparer.Ordinal)
    );

    /// <summary>The final size and staging Observations linked to the Condition (either direction).</summary>
    public IEnumerable<Observation> Of(Condition condition) =>
        _byFocus
            .Value[ResourceReading.ReferenceTo(condition)]
            .Concat(
                Named(condition).Select(r => record.References.Resolve<Observation>(r, condition)).OfType<Observation>()
            )
            .Where(o => ResourceReading.IsFinal(o) && KindOf(o) is not null)
            .Distinct(ReferenceEqualityComparer.Instance)
            .Cast<Observation>();

    /// <summary>True when some two of the conditions have own results that tell them apart.</summary>
    public bool AnyApart(IReadOnlyList<ClassifiedCondition> conditions)
    {
        // Records without results of their own agree with every other; equal signatures are compared once.
        var signatures = conditions
            .Select(c => Signature(c.Resource))
            .Where(s => s.Count > 0)
            .DistinctBy(
                s =>
                    string.Join(
                        ";",
                        s.OrderBy(kv => kv.Key, StringComparer.Ordinal)
                            .Select(kv => $"{kv.Key}={string.Join(",", kv.Value.Order(StringComparer.Ordinal))}")
                    ),
                StringComparer.Ordinal
            )
            .ToList();
        return signatures.Any(a => signatures.Any(b => !ReferenceEquals(a, b) && Apart(a, b)));
    }

    public bool Apart(Condition a, Condition b) => Apart(Signature(a), Signature(b));

    private static bool Apart(Dictionary<string, HashSet<string>> first, Dictionary<string, HashSet<string>> second) =>
        first.Any(kv => second.TryGetValue(kv.Key, out var other) && !kv.Value.Overlaps(other));

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

    /// <summary>The results a Condition names in <c>stage.assessment</c> and <c>evidence.detail</c>.</summary>
    public static IEnumerable<ResourceReference> Named(Condition condition) =>
        condition.Stage.SelectMany(s => s.Assessment).Concat(condition.Evidence.SelectMany(e => e.Detail));

    private string? KindOf(Observation observation) =>
        Kinds.FirstOrDefault(kind => terms[kind].Matches(observation.Code));

    /// <summary>
    /// A value as comparable keys: a quantity with its unit, each coding, the text. Unlike units are not converted
    /// (then they differ: conditional).
    /// </summary>
    private static IEnumerable<string> ValueKeys(Observation observation) =>
        (
            ResourceReading.ValueOf(observation)
            ?? observation
                .Component.Where(c => c.DataAbsentReason is null)
                .Select(c => c.Value)
                .FirstOrDefault(v => v is not null)
        ) switch
        {
            Quantity { Value: { } value } quantity =>
            [
                $"{ResourceReading.Format(value)} {(quantity.Code ?? quantity.Unit)?.Trim().ToLowerInvariant()}",
            ],
            CodeableConcept concept =>
            [
                .. concept.Coding.Select(c => $"{CodeSystemIdentity.Canonical(c.System)}|{c.Code?.Trim()}"),
                .. concept.Text is { } text ? [text.Trim().ToLowerInvariant()] : Array.Empty<string>(),
            ],
            FhirString { Value: { } text } => [text.Trim().ToLowerInvariant()],
            _ => [],
        };
}
