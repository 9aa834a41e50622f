using CryoCdsHooks.PolicyEngine;

namespace CryoCdsHooks.Web.Smart;

/// <summary>
/// What the last documentation form did, kept in the server-side session until the page after it has said so once:
/// a reload or a later visit shows no notice (Post/Redirect/Get with a one-time flag, never a URL parameter).
/// </summary>
/// <param name="Saved">The QuestionnaireResponse written ("QuestionnaireResponse/id", "" when the EHR gave no id);
/// null when nothing was written.</param>
/// <param name="Before">The outcome shown before the answers were written.</param>
/// <param name="Error">Why nothing was written, when the EHR or the form refused it; the answers stay in the form.
/// </param>
internal sealed record DocumentationNotice(string? Saved, DeterminationOutcome? Before, string? Error = null)
{
    /// <summary>A problem to show as an alert (nothing was saved) rather than a status.</summary>
    public bool IsProblem => Saved is null;

    /// <summary>The sentence for the page; null when there is no determination to compare with.</summary>
    public string? Text(CoverageDetermination? now)
    {
        if (Error is not null)
            return $"Your answers were not saved. {Error} They are still in the form: check them and save again.";
        if (Saved is null)
            return "Nothing was saved: answer at least one open question.";
        if (now is null)
            return null;
        var before = Before is { } previous ? $" Before: {SmartAppPage.OutcomeLabel(previous)}." : "";
        var what = Saved.Length > 0 ? $" ({Saved})" : "";
        return $"Saved your answers to the EHR{what} and re-evaluated.{before} "
            + $"Now: {SmartAppPage.OutcomeLabel(now.Outcome)}.";
    }
}
