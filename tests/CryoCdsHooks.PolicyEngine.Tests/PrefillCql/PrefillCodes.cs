using CryoCdsHooks.PolicyEngine.Terminology;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using static CryoCdsHooks.PolicyEngine.Tests.PrefillCql.CqlExpression;

namespace CryoCdsHooks.PolicyEngine.Tests.PrefillCql;

/// <summary>
/// The engine's embedded ValueSet files as CQL code tests: a coding is in a value set when its system is the include's
/// canonical URI and its code is listed (ICD-10-CM compared without its dot, in upper case, an <c>is-a</c> filter as a
/// prefix, as <see cref="CodeNormalizer"/> and <see cref="Icd10CmHierarchy"/> read them). Codes are inlined, so a DTR
/// client needs no terminology service; OID and versioned system spellings are not recognised (docs/dtr.md).
/// </summary>
internal sealed class PrefillCodes
{
    private const string ResourcePrefix = "CryoCdsHooks.PolicyEngine.Terminology.ValueSet-";

    private readonly Dictionary<string, ValueSet> _valueSets = [];

    public ValueSet this[string valueSetId]
    {
        get
        {
            if (_valueSets.TryGetValue(valueSetId, out var known))
                return known;
            using var stream = typeof(PolicyTerminology).Assembly.GetManifestResourceStream(
                $"{ResourcePrefix}{valueSetId}.json"
            ) ?? throw new KeyNotFoundException($"No embedded ValueSet {valueSetId}.");
            using var reader = new StreamReader(stream);
            return _valueSets[valueSetId] = new FhirJsonDeserializer().Deserialize<ValueSet>(reader.ReadToEnd());
        }
    }

    /// <summary>The listed codes of a single-system value set (e.g. the eGFR LOINC codes), as a CQL list.</summary>
    public CqlExpression Codes(string valueSetId) =>
        Strings(this[valueSetId].Compose!.Include.SelectMany(i => i.Concept.Select(c => c.Code!)));

    /// <summary><c>exists (concept.coding Cd where …)</c>.</summary>
    public CqlExpression Matches(CqlExpression concept, string valueSetId) =>
        concept.Prop("coding").Query("Cd", c => CodingIn(c, valueSetId)).Exists();

    public CqlExpression CodingIn(CqlExpression coding, string valueSetId)
    {
        var tests = this[valueSetId]
            .Compose!.Include.GroupBy(i => i.System!)
            .Select(system =>
            {
                var isIcd10Cm = system.Key == CodeSystems.Icd10Cm;
                var code = isIcd10Cm ? coding.Value("code").ReplaceMatches("[.]", "").Upper() : coding.Value("code");
                var listed = system
                    .SelectMany(i => i.Concept.Select(c => CodeNormalizer.Normalize(system.Key, c.Code)!))
                    .ToList();
                var prefixes = system
                    .SelectMany(i => i.Filter.Select(f => CodeNormalizer.Normalize(system.Key, f.Value)!))
                    .ToList();
                var codeTest = prefixes
                    .Select(code.StartsWith)
                    .Prepend(listed.Count == 0 ? null : code.In(Strings(listed)))
                    .OfType<CqlExpression>()
                    .Aggregate((a, b) => a.Or(b));
                return coding.Value("system").EqualTo(Str(system.Key)).And(codeTest);
            });
        return tests.Aggregate((a, b) => a.Or(b));
    }
}
