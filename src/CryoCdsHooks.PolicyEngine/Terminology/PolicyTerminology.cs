using System.Collections.Frozen;
using System.Reflection;
using CryoCdsHooks.PolicyEngine.Facts;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace CryoCdsHooks.PolicyEngine.Terminology;

/// <summary>
/// The policy's value sets, read once from the embedded FHIR ValueSet files in this folder.
/// Membership rules are those of <see cref="PolicyValueSet"/>.
/// </summary>
public sealed class PolicyTerminology
{
    private const string ResourcePrefix = "CryoCdsHooks.PolicyEngine.Terminology.";
    private static readonly Lazy<PolicyTerminology> LazyInstance = new(Load);

    private readonly FrozenDictionary<string, PolicyValueSet> _valueSets;

    private PolicyTerminology(
        IEnumerable<PolicyValueSet> valueSets,
        AlternativeCatalog alternatives,
        StagingTable stageGroups,
        StageSpecificDisorders stageSpecificDisorders,
        CareSettingTable careSettings
    )
    {
        _valueSets = valueSets.ToFrozenDictionary(v => v.Id);
        Alternatives = alternatives;
        StageGroups = stageGroups;
        StageSpecificDisorders = stageSpecificDisorders;
        CareSettings = careSettings;
    }

    /// <summary>The catalog shared by every engine instance (loaded on first use).</summary>
    public static PolicyTerminology Instance => LazyInstance.Value;

    public IReadOnlyCollection<PolicyValueSet> ValueSets => _valueSets.Values;

    public AlternativeCatalog Alternatives { get; }

    /// <summary>AJCC 8th edition stage groups by T, N and M for the kidney and the lung.</summary>
    public StagingTable StageGroups { get; }

    /// <summary>
    /// Disorders that name the stage group (Synthea's "…, TNM stage 1"), from the embedded ConceptMap.
    /// </summary>
    public StageSpecificDisorders StageSpecificDisorders { get; }

    /// <summary>Encounter class, status and discharge disposition → care setting (<c>care-settings.json</c>).</summary>
    public CareSettingTable CareSettings { get; }

    /// <summary>The value set with the given id, e.g. <see cref="ValueSetIds.Egfr"/>.</summary>
    public PolicyValueSet this[string valueSetId] =>
        _valueSets.TryGetValue(valueSetId, out var valueSet)
            ? valueSet
            : throw new KeyNotFoundException($"No policy value set '{valueSetId}'.");

    /// <summary>
    /// Every Observation code the policy reads (eGFR and the panels that carry it, tumour size, staging,
    /// performance status, attestations), for building prefetch / search <c>code=</c> parameters. The codes come
    /// without their system: a token search without a system matches the code in any system, so a record that
    /// names LOINC by its OID (urn:oid:2.16.840.1.113883.6.1) is not filtered away before the engine can read it.
    /// </summary>
    public IReadOnlyList<Coding> ObservationCodes() =>
        CopiesOf(ValueSetIds.ObservationCodeSets)
            .DistinctBy(c => c.Code)
            .Select(c => new Coding(null, c.Code, c.Display))
            .ToList();

    /// <summary>The CPT codes that put an order in scope of the policy.</summary>
    public IReadOnlyList<Coding> OrderCodes() => CopiesOf(ProcedureClassification.ValueSetByClass.Values);

    // Fresh Coding objects: callers may modify what they get without touching the shared catalog.
    private List<Coding> CopiesOf(IEnumerable<string> valueSetIds) =>
        valueSetIds
            .SelectMany(id => this[id].ExplicitCodes)
            .DistinctBy(c => (c.System, c.Code))
            .Select(c => new Coding(c.System, c.Code, c.Display))
            .ToList();

    private static PolicyTerminology Load()
    {
        var assembly = typeof(PolicyTerminology).Assembly;
        var deserializer = new FhirJsonDeserializer();
        var valueSets = assembly
            .GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix + "ValueSet-", StringComparison.Ordinal))
            .Select(name => PolicyValueSet.From(deserializer.Deserialize<ValueSet>(ReadResource(assembly, name))))
            .ToList();
        var alternatives = AlternativeCatalog.Parse(ReadResource(assembly, ResourcePrefix + "alternatives.json"));
        var stageGroups = StagingTable.Parse(ReadResource(assembly, ResourcePrefix + "ajcc8-stage-groups.json"));
        var stageSpecific = StageSpecificDisorders.From(
            deserializer.Deserialize<ConceptMap>(
                ReadResource(assembly, ResourcePrefix + "ConceptMap-mp260-stage-specific-disorders.json")
            )
        );
        var careSettings = CareSettingTable.Parse(ReadResource(assembly, ResourcePrefix + "care-settings.json"));
        return new PolicyTerminology(valueSets, alternatives, stageGroups, stageSpecific, careSettings);
    }

    private static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded resource '{name}' is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
