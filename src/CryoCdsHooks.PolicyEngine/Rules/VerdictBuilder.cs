using CryoCdsHooks.PolicyEngine.Terminology;

namespace CryoCdsHooks.PolicyEngine.Rules;

/// <summary>Collects criteria and notes while a rule set runs, then closes with one outcome.</summary>
internal sealed class VerdictBuilder(AlternativeCatalog alternatives, string? alternativesIndication)
{
    private readonly List<CriterionResult> _criteria = [];
    private readonly List<string> _notes = [];

    public VerdictBuilder Criterion(PolicyCriterion criterion, bool? met, IEnumerable<Evidence> evidence)
    {
        var status = met switch
        {
            true => CriterionStatus.Met,
            false => CriterionStatus.NotMet,
            null => CriterionStatus.Unknown,
        };
        _criteria.Add(
            new CriterionResult(criterion.Id, criterion.Description, status, criterion.PolicyClause, evidence.ToList())
        );
        return this;
    }

    /// <summary>Takes over a criterion as another determination evaluated it.</summary>
    public VerdictBuilder Criterion(CriterionResult result)
    {
        _criteria.Add(result);
        return this;
    }

    public VerdictBuilder Note(string note)
    {
        if (!_notes.Contains(note))
            _notes.Add(note);
        return this;
    }

    public VerdictBuilder Notes(IEnumerable<string> notes)
    {
        foreach (var note in notes)
            Note(note);
        return this;
    }

    /// <summary>
    /// Covered by <paramref name="route"/>; the criteria of the other routes that are not met read "not needed"
    /// (those that are met stay met: they are true, just not what decided).
    /// </summary>
    public RuleVerdict Covered(string reason, string route, params PolicyCriterion[] notNeeded)
    {
        for (var i = 0; i < _criteria.Count; i++)
        {
            if (_criteria[i].Status != CriterionStatus.Met && notNeeded.Any(c => c.Id == _criteria[i].Id))
                _criteria[i] = _criteria[i] with { Status = CriterionStatus.NotNeeded };
        }
        return Close(DeterminationOutcome.Covered, reason, [], []) with { Route = route };
    }

    public RuleVerdict Investigational(string reason, string? indication = null) =>
        Close(DeterminationOutcome.Investigational, reason, [], AlternativesFor(indication ?? alternativesIndication));

    public RuleVerdict CriteriaNotMet(string reason) =>
        Close(DeterminationOutcome.CriteriaNotMet, reason, [], AlternativesFor(alternativesIndication));

    public RuleVerdict NeedsInformation(IReadOnlyList<MissingInformation> missing, string? reason = null) =>
        Close(
            DeterminationOutcome.NeedsInformation,
            reason ?? $"Needs documentation of: {string.Join(", ", missing.Select(m => m.Code.Replace('-', ' ')))}.",
            missing,
            AlternativesFor(alternativesIndication)
        );

    /// <summary>Takes over another order's outcome (imaging guidance follows its ablation).</summary>
    public RuleVerdict Inherit(CoverageDetermination governing, string reason) =>
        Close(governing.Outcome, reason, governing.Missing, governing.Alternatives) with
        {
            Route = governing.Route,
        };

    private IReadOnlyList<AlternativeProcedure> AlternativesFor(string? indication) =>
        indication is null ? [] : alternatives.For(indication);

    private RuleVerdict Close(
        DeterminationOutcome outcome,
        string reason,
        IReadOnlyList<MissingInformation> missing,
        IReadOnlyList<AlternativeProcedure> alternativeProcedures
    ) => new(outcome, reason, _criteria.ToList(), missing, alternativeProcedures, _notes.ToList());
}
