using CryoCdsHooks.PolicyEngine;

namespace CryoCdsHooks.Web.Dtr;

/// <summary>
/// The questions of a form still open for an order: those the engine's determination asks for (its missing
/// information codes are the items' linkIds). Which criteria are open is the engine's to say; this only finds
/// the form's items for them.
/// </summary>
public static class OpenQuestions
{
    public static IReadOnlyList<DocumentationItem> Of(DocumentationForm form, IReadOnlyCollection<string> missing) =>
        [.. form.Items.Where(i => missing.Contains(i.LinkId))];

    /// <summary>The items still open after <paramref name="determination"/>; none once it is decided.</summary>
    public static IReadOnlyList<DocumentationItem> After(DocumentationForm form, CoverageDetermination determination) =>
        IsDecided(determination) ? [] : Of(form, [.. determination.Missing.Select(m => m.Code)]);

    /// <summary>Covered or not covered: no criterion the answer depends on is open any more.</summary>
    public static bool IsDecided(CoverageDetermination determination) =>
        determination.Outcome != DeterminationOutcome.NeedsInformation;
}
