using System.Collections.Frozen;

namespace CryoCdsHooks.PolicyEngine.Terminology;

/// <summary>
/// One name per code system: senders write the same system as its canonical URI, its OID (<c>urn:oid:…</c>),
/// with a trailing slash, with a <c>|version</c> suffix or, for SNOMED CT, as an edition URI. Every comparison
/// of a coding's system in the engine goes through <see cref="Canonical"/>; <c>Coding.version</c> is ignored
/// (membership in these value sets does not change between the versions in use).
/// </summary>
public static class CodeSystemIdentity
{
    private const string SnomedEditionPrefix = "http://snomed.info/sct/";

    // OIDs from the HL7 terminology (THO) code-system pages; alternative URIs seen in US EHR exports.
    private static readonly FrozenDictionary<string, string> Aliases = new Dictionary<string, string>(
        StringComparer.OrdinalIgnoreCase
    )
    {
        ["urn:oid:2.16.840.1.113883.6.96"] = CodeSystems.Snomed,
        ["https://snomed.info/sct"] = CodeSystems.Snomed,
        ["urn:oid:2.16.840.1.113883.6.90"] = CodeSystems.Icd10Cm,
        ["https://hl7.org/fhir/sid/icd-10-cm"] = CodeSystems.Icd10Cm,
        ["urn:oid:2.16.840.1.113883.6.4"] = CodeSystems.Icd10Pcs,
        ["http://hl7.org/fhir/sid/icd-10-pcs"] = CodeSystems.Icd10Pcs,
        ["https://www.cms.gov/Medicare/Coding/ICD10"] = CodeSystems.Icd10Pcs,
        ["urn:oid:2.16.840.1.113883.6.12"] = CodeSystems.Cpt,
        ["https://www.ama-assn.org/go/cpt"] = CodeSystems.Cpt,
        ["urn:oid:2.16.840.1.113883.6.285"] = CodeSystems.Hcpcs,
        ["http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets"] = CodeSystems.Hcpcs,
        ["urn:oid:2.16.840.1.113883.6.1"] = CodeSystems.Loinc,
        ["https://loinc.org"] = CodeSystems.Loinc,
        ["urn:oid:2.16.840.1.113883.6.8"] = CodeSystems.Ucum,
        ["https://unitsofmeasure.org"] = CodeSystems.Ucum,
        ["urn:oid:2.16.840.1.113883.6.43.1"] = CodeSystems.IcdO3,
        ["http://hl7.org/fhir/sid/icd-o-3"] = CodeSystems.IcdO3,
        ["urn:oid:2.16.840.1.113883.5.4"] = CodeSystems.ActCode,
        ["http://hl7.org/fhir/v3/ActCode"] = CodeSystems.ActCode,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> CanonicalUris = new[]
    {
        CodeSystems.Snomed,
        CodeSystems.Icd10Cm,
        CodeSystems.Icd10Pcs,
        CodeSystems.Cpt,
        CodeSystems.Hcpcs,
        CodeSystems.Loinc,
        CodeSystems.Ucum,
        CodeSystems.IcdO3,
        CodeSystems.ActCode,
        CodeSystems.AjccStaging,
        CodeSystems.Attestation,
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>The canonical URI of a known system; anything else comes back trimmed, otherwise unchanged.</summary>
    public static string? Canonical(string? system)
    {
        if (system is null)
            return null;
        var bare = system.Trim();
        var bar = bare.IndexOf('|', StringComparison.Ordinal);
        if (bar >= 0)
            bare = bare[..bar];
        bare = bare.TrimEnd('/');
        if (Aliases.TryGetValue(bare, out var alias))
            return alias;
        if (CanonicalUris.TryGetValue(bare, out var canonical))
            return canonical;
        // http://snomed.info/sct/731000124108[/version/20250301]: an edition URI, sometimes written as the system.
        if (!bare.StartsWith(SnomedEditionPrefix, StringComparison.OrdinalIgnoreCase))
            return bare;
        var edition = bare[SnomedEditionPrefix.Length..].Split('/')[0];
        return edition.Length > 0 && edition.All(char.IsAsciiDigit) ? CodeSystems.Snomed : bare;
    }

    /// <summary>True when the two names denote the same code system.</summary>
    public static bool Same(string? system, string canonical) => Canonical(system) == canonical;
}
