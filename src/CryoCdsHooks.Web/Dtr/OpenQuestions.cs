namespace CryoCdsHooks.Web.Dtr;

/// <summary>
/// The one place that decides which documentation questions are still open for an order: the stored evaluation's
/// missing codes less the questions already answered. When none is left the policy's answer is decided by what was
/// documented, and the next hook gives it. (Once the engine reads QuestionnaireResponses as evidence, this is where
/// it is re-run with the answers instead.)
/// </summary>
public static class OpenQuestions
{
    public static IReadOnlyList<DocumentationItem> Remaining(
        DocumentationForm form,
        StoredEvaluation evaluation,
        IReadOnlySet<string> answered
    ) => [.. form.Items.Where(i => evaluation.Missing.Contains(i.LinkId) && !answered.Contains(i.LinkId))];

    /// <summary>
    /// Whether the documentation now decides the policy's answer: nothing the evaluation needs is open.
    /// </summary>
    public static bool Decided(DocumentationForm form, StoredEvaluation evaluation, IReadOnlySet<string> answered) =>
        Remaining(form, evaluation, answered).Count == 0;
}
