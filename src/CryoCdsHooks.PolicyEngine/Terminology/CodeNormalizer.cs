namespace CryoCdsHooks.PolicyEngine.Terminology;

/// <summary>
/// Makes codes comparable across senders, or refuses them: surrounding ASCII blanks are dropped, ICD-10-CM is
/// compared without its dot and in upper case; a code holding anything but printable ASCII (zero-width spaces,
/// no-break spaces, Cyrillic or full-width look-alikes) is no code at all.
/// </summary>
public static class CodeNormalizer
{
    // Called for every coding against every value set a rule asks about: no allocation unless the code changes.
    public static string? Normalize(string? system, string? code)
    {
        var trimmed = code.AsSpan().Trim(" \t\r\n");
        if (trimmed.IsEmpty || trimmed.ContainsAnyExceptInRange('!', '~'))
            return null;
        if (system != CodeSystems.Icd10Cm)
            return trimmed.Length == code!.Length ? code : trimmed.ToString();
        var icd =
            trimmed.Length > 3 && trimmed[3] == '.'
                ? string.Concat(trimmed[..3], trimmed[4..]).ToUpperInvariant()
                : trimmed.ToString().ToUpperInvariant();
        return Icd10CmHierarchy.IsWellFormed(icd) ? icd : null;
    }
}
