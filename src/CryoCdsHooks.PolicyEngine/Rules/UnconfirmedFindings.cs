using CryoCdsHooks.PolicyEngine.Facts;
using CryoCdsHooks.PolicyEngine.Versions;
using Hl7.Fhir.Model;
using Missing = CryoCdsHooks.PolicyEngine.Rules.MissingInformationCodes;

namespace CryoCdsHooks.PolicyEngine.Rules;

/// <summary>
/// I-17, for every criterion at once: a provisional, differential or unconfirmed Condition, a preliminary result, or a
/// resource of the patient set aside for a modifierExtension (<see cref="RecordScope"/>) is never evidence, but it must
/// not be ignored when it would change the answer. The rules run as recorded and, when the record holds such findings,
/// once more as if all were confirmed (a set-aside resource read as written); when the two answers differ (covered,
/// conditional, not covered), the answer is conditional and asks to confirm the findings that made the difference.
/// The findings alone never deny: the answer as recorded never counts them. Answers to the confirmation questions of
/// our forms settle them (<see cref="DocumentedConfirmations"/>).
/// </summary>
internal static class UnconfirmedFindings
{
    /// <summary>What to document when an unconfirmed finding decides a criterion (in the edition's words).</summary>
    private static Dictionary<string, MissingInformation> ConfirmationByCriterion(PolicyNumbers numbers)
    {
        var renal = new RenalCriteria(numbers);
        return new()
        {
            [renal.Localized.Id] = Missing.ConfirmMetastasis,
            [PolicyCriteria.EarlyStage.Id] = Missing.ConfirmMetastasis,
            [renal.KidneyDiagnosis.Id] = Missing.ConfirmedDiagnosis,
            [PolicyCriteria.LungDiagnosis.Id] = Missing.ConfirmedDiagnosis,
            [PolicyCriteria.CoveredIndication.Id] = Missing.ConfirmedDiagnosis,
            [PolicyCriteria.NsclcHistology.Id] = Missing.Histology,
            [renal.TumorSize.Id] = Missing.TumorSize,
            [renal.RenalInsufficiency.Id] = renal.Egfr,
            [PolicyCriteria.NotSurgicalCandidate.Id] = Missing.SurgicalCandidacy,
            [PolicyCriteria.PoorSurgicalCandidate.Id] = Missing.SurgicalCandidacy,
        };
    }

    private const int MaxNamed = 5;

    public static RuleVerdict Weigh(EvaluationContext context, Func<EvaluationContext, RuleVerdict> rules)
    {
        var asRecorded = rules(context);
        // A set-aside resource is confirmed by saying what its modifier means, whatever criterion it decides.
        var modifierOf = context
            .Unread.DistinctBy(u => ResourceReading.ReferenceTo(u.Resource))
            .ToDictionary(u => ResourceReading.ReferenceTo(u.Resource), u => u.Modifier, StringComparer.Ordinal);
        var findings = Findings(context);
        findings.UnionWith(modifierOf.Keys);
        if (findings.Count == 0)
            return asRecorded;
        var asIfConfirmed = rules(context.AsIfConfirmed());
        return DocumentedConfirmations.Settle(
            context.Answers,
            Compare(context, asRecorded, asIfConfirmed, findings, modifierOf),
            asRecorded,
            asIfConfirmed
        );
    }

    /// <summary>The answer as recorded, or conditional when confirming the findings would change it.</summary>
    private static RuleVerdict Compare(
        EvaluationContext context,
        RuleVerdict asRecorded,
        RuleVerdict asIfConfirmed,
        HashSet<string> findings,
        Dictionary<string, string> modifierOf
    )
    {
        if (AnswerOf(asRecorded.Outcome) == AnswerOf(asIfConfirmed.Outcome))
            return asRecorded;

        var recordedStatus = asRecorded.Criteria.DistinctBy(c => c.Id).ToDictionary(c => c.Id, c => c.Status);
        var changed = asIfConfirmed
            .Criteria.Where(c => !recordedStatus.TryGetValue(c.Id, out var status) || status != c.Status)
            .ToList();
        var confirmations = ConfirmationByCriterion(context.Numbers);
        var decisive = Cited(changed, findings);
        if (decisive.Count == 0)
            decisive = Cited(asIfConfirmed.Criteria, findings);
        // A criterion without its own confirmation code: what the confirmed answer asks for, else the generic code.
        IReadOnlyList<MissingInformation> otherwise =
            asIfConfirmed.Outcome == DeterminationOutcome.NeedsInformation
                ? asIfConfirmed.Missing
                : [Missing.ConfirmFinding];
        // One finding settled by a confirmation question (confirmed-diagnosis, confirm-metastasis) is asked that
        // question only: its answer counts the finding or not for every criterion it decides.
        IEnumerable<MissingInformation> CodesFor(IGrouping<string, (CriterionResult Criterion, Evidence Evidence)> f)
        {
            if (modifierOf.ContainsKey(f.Key))
                return [Missing.ConfirmFinding];
            var own = f.Select(d => confirmations.GetValueOrDefault(d.Criterion.Id)).ToList();
            return own.Any(c => c is not null && AnswerCodes.IsConfirmation(c.Code))
                ? own.OfType<MissingInformation>()
                : own.SelectMany(c => c is null ? otherwise : [c]);
        }
        List<MissingInformation> missing =
            decisive.Count > 0
                ? [.. decisive.GroupBy(d => d.Evidence.ResourceReference, StringComparer.Ordinal).SelectMany(CodesFor)]
                : [.. otherwise];
        string Named(string reference, string? summary) =>
            (summary is null ? reference : $"{reference} {summary}")
            + (modifierOf.TryGetValue(reference, out var url) ? $", set aside for the modifierExtension {url}" : "");
        var named = Listed(
            decisive.Count > 0
                ? decisive.Select(d => Named(d.Evidence.ResourceReference, d.Evidence.Summary)).Distinct().ToList()
                : findings.Order(StringComparer.Ordinal).Select(f => Named(f, null)).ToList()
        );
        var note =
            $"Unconfirmed findings would make the answer {AnswerOf(asIfConfirmed.Outcome)} if confirmed ({named}); "
            + "confirm or refute them (I-17).";

        if (asRecorded.Outcome == DeterminationOutcome.NeedsInformation)
            return asRecorded with
            {
                Missing = [.. asRecorded.Missing.Concat(missing).DistinctBy(m => m.Code)],
                Notes = [.. asRecorded.Notes, note],
            };

        var uncertain = decisive.Select(d => d.Criterion.Id).ToHashSet();
        var confirmedById = asIfConfirmed.Criteria.DistinctBy(c => c.Id).ToDictionary(c => c.Id);
        // Criteria the findings decide become unknown (with the findings as evidence); "not needed" belongs to covered
        // answers only.
        List<CriterionResult> criteria =
        [
            .. asRecorded.Criteria.Select(c =>
                uncertain.Contains(c.Id)
                    ? c with
                    {
                        Status = CriterionStatus.Unknown,
                        Evidence = [.. c.Evidence.Concat(confirmedById[c.Id].Evidence).Distinct()],
                    }
                : c.Status == CriterionStatus.NotNeeded
                    ? c with
                    {
                        Status =
                            confirmedById.TryGetValue(c.Id, out var other) && other.Status != CriterionStatus.NotNeeded
                                ? other.Status
                                : CriterionStatus.Unknown,
                    }
                : c
            ),
            .. asIfConfirmed
                .Criteria.Where(c => uncertain.Contains(c.Id) && !recordedStatus.ContainsKey(c.Id))
                .Select(c => c with { Status = CriterionStatus.Unknown }),
        ];
        missing = [.. missing.DistinctBy(m => m.Code)];
        return asRecorded with
        {
            Outcome = DeterminationOutcome.NeedsInformation,
            Reason =
                "Unconfirmed findings would change the answer; needs documentation of: "
                + $"{string.Join(", ", missing.Select(m => m.Code.Replace('-', ' ')))}.",
            Criteria = criteria,
            Missing = missing,
            Alternatives = asRecorded.Alternatives.Count > 0 ? asRecorded.Alternatives : asIfConfirmed.Alternatives,
            Notes = [.. asRecorded.Notes, note],
            Route = null,
        };
    }

    /// <summary>References of the suspected Conditions and preliminary Observations of the record.</summary>
    private static HashSet<string> Findings(EvaluationContext context) =>
        [
            .. context.Conditions.Suspected.Select(c => ResourceReading.ReferenceTo(c.Resource)),
            .. context
                .Record.Observations.Where(o => o.Status == ObservationStatus.Preliminary)
                .Select(ResourceReading.ReferenceTo),
        ];

    private static List<(CriterionResult Criterion, Evidence Evidence)> Cited(
        IEnumerable<CriterionResult> criteria,
        HashSet<string> findings
    ) =>
        criteria
            .SelectMany(c => c.Evidence.Where(e => findings.Contains(e.ResourceReference)).Select(e => (c, e)))
            .ToList();

    /// <summary>A card names a few findings, not a whole record's.</summary>
    private static string Listed(IReadOnlyList<string> findings) =>
        findings.Count <= MaxNamed
            ? string.Join("; ", findings)
            : $"{string.Join("; ", findings.Take(MaxNamed))}; and {findings.Count - MaxNamed} more";

    private static string AnswerOf(DeterminationOutcome outcome) =>
        outcome switch
        {
            DeterminationOutcome.Covered => "covered",
            DeterminationOutcome.NeedsInformation => "conditional",
            _ => "not covered",
        };
}
