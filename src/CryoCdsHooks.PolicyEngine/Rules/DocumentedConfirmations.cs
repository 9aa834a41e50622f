using CryoCdsHooks.PolicyEngine.Facts;

namespace CryoCdsHooks.PolicyEngine.Rules;

/// <summary>
/// I-17 with the clinician's word (docs/data-conventions.md, "Answers to our Questionnaires"): the answers to the
/// confirmation questions of our forms (<c>confirmed-diagnosis</c>, <c>confirm-metastasis</c>, <c>confirm-finding</c>)
/// settle the unconfirmed findings that left the order conditional. When every confirmation the answer asks for is
/// answered, and all alike: confirmed (true) gives the rules' answer as if the findings were confirmed; not confirmed
/// (false) gives the answer as recorded, which never counts them. Answers that disagree with one another, or anything
/// else still asked that the settled answer would not ask for (e.g. a provisional histology, which only a histology
/// answer settles), keep the order conditional.
/// </summary>
internal static class DocumentedConfirmations
{
    public static RuleVerdict Settle(
        OrderAnswers answers,
        RuleVerdict weighed,
        RuleVerdict asRecorded,
        RuleVerdict asIfConfirmed
    )
    {
        if (weighed.Outcome != DeterminationOutcome.NeedsInformation || answers.Confirmations.Count == 0)
            return weighed;
        var asked = weighed.Missing.Where(m => AnswerCodes.IsConfirmation(m.Code)).Select(m => m.Code).ToList();
        var said = asked.Select(answers.Confirmation).ToList();
        if (asked.Count == 0 || said.Any(a => a is null))
            return weighed;
        var references = string.Join(", ", said.Select(a => a!.Evidence.ResourceReference).Distinct());
        var confirmed = said.All(a => a!.Confirmed);
        if (!confirmed && said.Any(a => a!.Confirmed))
            return weighed with
            {
                Notes =
                [
                    .. weighed.Notes,
                    $"{references} confirm some of the unconfirmed findings and not others; record which in the "
                        + "chart (I-17).",
                ],
            };
        var settled = confirmed ? asIfConfirmed : asRecorded;
        var stillAsked = weighed.Missing.Where(m => !AnswerCodes.IsConfirmation(m.Code));
        if (stillAsked.Any(m => settled.Missing.All(s => s.Code != m.Code)))
            return weighed;
        var note = confirmed
            ? $"{references} confirm the unconfirmed findings ({string.Join(", ", asked)}): they count (I-17)."
            : $"{references} do not confirm the unconfirmed findings ({string.Join(", ", asked)}): they do not "
                + "count (I-17).";
        return settled with { Notes = [.. settled.Notes, note] };
    }
}
