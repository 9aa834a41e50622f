using System.Reflection;

namespace CryoCdsHooks.PolicyEngine.Documentation;

/// <summary>
/// The data behind the DTR forms, as embedded JSON: the form definitions, every ValueSet a form or the engine names
/// (Terminology/ and Documentation/); the prefill Library is <see cref="PrefillLibrary"/>'s (docs/dtr.md).
/// </summary>
public static class DocumentationResources
{
    private const string DocumentationPrefix = "CryoCdsHooks.PolicyEngine.Documentation.";
    private const string TerminologyPrefix = "CryoCdsHooks.PolicyEngine.Terminology.";
    private static readonly Assembly Assembly = typeof(DocumentationResources).Assembly;

    /// <summary>documentation-questionnaires.json: the items, their criteria and clauses, and the forms.</summary>
    public static string QuestionnaireDefinitions => Read(DocumentationPrefix + "documentation-questionnaires.json")!;

    /// <summary>Every embedded FHIR ValueSet, as JSON.</summary>
    public static IEnumerable<string> ValueSets() =>
        Assembly
            .GetManifestResourceNames()
            .Where(name =>
                name.StartsWith(TerminologyPrefix + "ValueSet-", StringComparison.Ordinal)
                || name.StartsWith(DocumentationPrefix + "ValueSet-", StringComparison.Ordinal)
            )
            .Order(StringComparer.Ordinal)
            .Select(name => Read(name)!);

    private static string? Read(string name)
    {
        using var stream = Assembly.GetManifestResourceStream(name);
        if (stream is null)
            return null;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
