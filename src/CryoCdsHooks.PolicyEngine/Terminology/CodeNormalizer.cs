namespace CryoCdsHooks.PolicyEngine.Terminology;

/// <summary>
/// Makes codes comparable across senders, or refuses them: surrounding ASCII blanks are dropped, ICD-10-CM is
/// compared without its dot and in upper case; a code holding anything but printable ASCII (zero-width spaces,
/// no-break spaces, Cyrillic or full-width look-alikes) is no code at all.
/// </summary>
public static class CodeNormalizer
{
    public static string? Normalize(string? system, string? code)
    {
        var trimmed = code?.Trim(' ', '\t', '\r', '\n');
        if (string.IsNullOrEmpty(trimmed) || !trimmed.All(c => c is > ' ' and <= '~'))
            return null;
        if (system != CodeSystems.Icd10Cm)
            return trimmed;
        var icd = trimmed.Length > 3 && trimmed[3] == '.' ? trimmed.Remove(3, 1).ToUpperInvariant() : trimmed.ToUpperInvariant();
        return Icd10CmHierarchy.IsWellFormed(icd) ? icd : null;
    }
}
