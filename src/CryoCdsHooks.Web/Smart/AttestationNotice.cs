using CryoCdsHooks.PolicyEngine;

namespace CryoCdsHooks.Web.Smart;

/// <summary>
/// What the last attestation form did, kept in the server-side session until the page after it has said so once:
/// a reload or a later visit shows no notice (Post/Redirect/Get with a one-time flag, never a URL parameter).
/// </summary>
/// <param name="Saved">How many attestations were written; 0 when the form came back unanswered.</param>
/// <param name="Before">The outcome shown before the attestations were written.</param>
internal sealed record AttestationNotice(int Saved, DeterminationOutcome? Before)
{
    /// <summary>The sentence for the page; null when there is no determination to compare with.</summary>
    public string? Text(CoverageDetermination? now)
    {
        if (Saved == 0)
            return "Nothing was saved: answer at least one question.";
        if (now is null)
            return null;
        var before = Before is { } previous ? $" Before: {SmartAppPage.OutcomeLabel(previous)}." : "";
        return $"Saved {Saved} attestation{(Saved == 1 ? "" : "s")} to the EHR and re-evaluated.{before} "
            + $"Now: {SmartAppPage.OutcomeLabel(now.Outcome)}.";
    }
}
