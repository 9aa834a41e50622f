namespace CryoCdsHooks.PolicyEngine.Terminology;

/// <summary>
/// The ICD-10-CM hierarchy: a category is three characters (letter, digit, letter or digit) and each further
/// character (up to seven in all) names a subdivision of the code before it, so the descendants of C34.1 are
/// exactly the well-formed codes that extend C341.
/// </summary>
internal static class Icd10CmHierarchy
{
    public static bool IsWellFormed(string dotless) =>
        dotless.Length is >= 3 and <= 7
        && char.IsAsciiLetterUpper(dotless[0])
        && char.IsAsciiDigit(dotless[1])
        && dotless.Skip(2).All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterUpper(c));

    public static bool IsSelfOrDescendant(string dotlessCode, string dotlessAncestor) =>
        dotlessCode.StartsWith(dotlessAncestor, StringComparison.Ordinal);
}
