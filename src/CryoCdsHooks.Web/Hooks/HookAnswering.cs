using CryoCdsHooks.FhirAccess;
using CryoCdsHooks.PolicyEngine;

namespace CryoCdsHooks.Web.Hooks;

/// <summary>
/// Turns the engine's determinations into per-order answers, layering what the engine does not know:
/// whether the patient has active coverage, and whether the data could be obtained at all.
/// </summary>
public static class HookAnswering
{
    /// <summary>
    /// Keys whose loss makes a determination unreliable; a missing encounter only makes the setting unknown.
    /// </summary>
    private static readonly HashSet<string> ClinicalKeys =
    [
        PrefetchTemplateCatalog.CoverageKey,
        PrefetchTemplateCatalog.ConditionsKey,
        PrefetchTemplateCatalog.ObservationsKey,
        PrefetchTemplateCatalog.ProceduresKey,
    ];

    /// <summary>
    /// The reason of every answer given when the hook's deadline passed before the record was evaluated.
    /// </summary>
    public const string LateReason =
        "Coverage could not be determined in time: try again, or review the order in the coverage app.";

    /// <param name="late">The deadline passed: the determinations are undecided, and every answer is technical.</param>
    public static IReadOnlyList<OrderCoverageAnswer> Answer(
        IReadOnlyList<HookSubject> subjects,
        PatientRecordLoadResult loaded,
        IReadOnlyList<CoverageDetermination> determinations,
        DateOnly today,
        PayerIdentity payer,
        bool late = false
    )
    {
        var technical = string.Join(
            "; ",
            loaded
                .Problems.Where(p => ClinicalKeys.Contains(p.PrefetchKey))
                .Select(p => $"{p.PrefetchKey}: {p.Message}")
        );
        var technicalReason =
            late ? LateReason + (technical.Length == 0 ? "" : $" ({technical})")
            : technical.Length == 0 ? null
            : "Coverage could not be determined: " + technical;

        // Only the patient's own Coverages (beneficiary), by the engine's one rule of what is evidence.
        var record = RecordScope.WithPatientCoverages(loaded.Record);
        var unanswered = subjects.ToList();
        return determinations
            .Select(determination =>
            {
                var subject = TakeSubject(unanswered, determination);
                // The engine's date of service (ServiceDate.Of) is the date coverage must be in force on.
                var choice = CoverageChoice.For(determination.Order, record, determination.DateOfService.Date, payer);
                var basis =
                    technicalReason is not null ? AnswerBasis.Technical
                    : choice.Chosen is null ? AnswerBasis.NoCoverage
                    : AnswerBasis.Policy;
                return new OrderCoverageAnswer(
                    subject.Order,
                    subject.Target,
                    determination,
                    basis,
                    choice.Chosen,
                    choice,
                    Guid.NewGuid().ToString(),
                    today,
                    technicalReason
                )
                {
                    PatientId = loaded.Record.PatientId ?? "",
                };
            })
            .ToList();
    }

    /// <summary>
    /// The subject a determination answers: the one holding the very order evaluated (two Appointments based on one
    /// order each get their own), else, for a determination reused from order-select, the order with its id.
    /// </summary>
    private static HookSubject TakeSubject(List<HookSubject> unanswered, CoverageDetermination determination)
    {
        var subject = unanswered.FirstOrDefault(s => ReferenceEquals(s.Order.Resource, determination.Order))
            ?? unanswered.First(s => s.Order.Resource.Id == determination.Order.Id);
        unanswered.Remove(subject);
        return subject;
    }
}
