using CryoCdsHooks.PolicyEngine.Terminology;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>
/// Whether an observation counts for the target tumour: tied to it (named by its stage.assessment or evidence.detail,
/// focus on one of its Conditions, bodySite on its side, derived from or grouped in a panel with an observation tied
/// to it, a result of a report its Condition names as evidence, an answer documented for the order) or, untied, when
/// the target is the only tumour at the site. An observation tied to another tumour never counts.
/// </summary>
internal static class TumorObservationLinks
{
    private enum Tie
    {
        Untied,
        Target,
        Elsewhere,
    }

    public static bool Counts(
        Observation observation,
        TumorScope scope,
        PatientRecord record,
        PolicyTerminology terms
    ) =>
        TieOf(observation, scope, record, terms, followLinks: true) switch
        {
            Tie.Target => true,
            Tie.Elsewhere => false,
            _ => scope.IsOnlyTumor,
        };

    private static Tie TieOf(
        Observation observation,
        TumorScope scope,
        PatientRecord record,
        PolicyTerminology terms,
        bool followLinks
    )
    {
        // An answer documented for this order is about the tumour this order treats.
        if (scope.Names(observation, record.References) || QuestionnaireAnswers.SourceOf(observation) is not null)
            return Tie.Target;
        var conditionFocus = observation
            .Focus.Where(f => record.References.TypeOf(f, observation) == "Condition")
            .ToList();
        if (conditionFocus.Count > 0)
            return conditionFocus.Any(f => scope.Tumors.Any(t => record.References.PointsTo(f, observation, t)))
                ? Tie.Target
                : Tie.Elsewhere;

        var side = TumorTargeting.SideOf(
            [
                observation.BodySite,
                .. observation.BodySite is null ? [] : TumorTargeting.LateralityQualifiers(observation.BodySite),
            ],
            terms
        );
        if (side is not null && scope.Side is not null)
            return side == scope.Side ? Tie.Target : Tie.Elsewhere;
        if (!followLinks)
            return Tie.Untied;

        // One step along derivedFrom (the size read off an imaging result) and up from a panel's hasMember, and the
        // final reports listing it (result) or it was derived from: a report tied to a tumour ties its results.
        // Resolved through the record's index, so a record of n observations costs n look-ups, not n² comparisons.
        var linked = observation
            .DerivedFrom.Select(r => record.References.Resolve<Observation>(r, observation))
            .OfType<Observation>()
            .Where(o => !ReferenceEquals(o, observation))
            .Concat(record.References.PanelsOf(observation))
            .Select(o => TieOf(o, scope, record, terms, followLinks: false))
            .Concat(ReportEvidence.For(record).ReportsOf(observation).Select(r => TieOf(r, scope, record)))
            .ToList();
        return linked.Contains(Tie.Target) ? Tie.Target
            : linked.Contains(Tie.Elsewhere) ? Tie.Elsewhere
            : Tie.Untied;
    }

    /// <summary>A report is about the tumours whose Condition names it in <c>evidence.detail</c>.</summary>
    private static Tie TieOf(DiagnosticReport report, TumorScope scope, PatientRecord record)
    {
        var tied = ReportEvidence.For(record).ConditionsTiedTo(report).ToList();
        return tied.Count == 0 ? Tie.Untied
            : tied.Any(c => scope.Tumors.Any(t => ReferenceEquals(t, c) || (t.Id is not null && t.Id == c.Id)))
                ? Tie.Target
            : Tie.Elsewhere;
    }
}
