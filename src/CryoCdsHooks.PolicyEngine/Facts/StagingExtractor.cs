using CryoCdsHooks.PolicyEngine.Terminology;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>
/// Collects the staging of the target tumour from staging Observations tied to it, <c>Condition.stage.summary</c>
/// and stage-specific SNOMED CT disorder concepts ("Non-small cell carcinoma of lung, TNM stage 1", as Synthea
/// writes them) on the tumour's records or, for the only tumour at the site, on another current record there (Synthea
/// writes the stage as a Condition of its own next to the histology one). Per axis the latest day decides
/// (<see cref="LatestStatements"/>: different values on that day leave the axis unknown). The stage group is the
/// recorded one unless T/N/M recorded after
/// it allow no such group (a later N1, N2 or M1): then the group derived from the newest T/N/M (AJCC 8) is used.
/// An active metastasis Condition always means spread; an unconfirmed one (weighed by I-17) only when no stage group,
/// N or M category was recorded on a later day.
/// </summary>
internal static class StagingExtractor
{
    private static readonly (string ValueSetId, StagingAxis Axis)[] ObservationAxes =
    [
        (ValueSetIds.StageGroup, StagingAxis.Group),
        (ValueSetIds.TCategory, StagingAxis.T),
        (ValueSetIds.NCategory, StagingAxis.N),
        (ValueSetIds.MCategory, StagingAxis.M),
    ];

    public static StageAssessment Assess(
        PatientRecord record,
        TumorScope scope,
        ClinicalConditions conditions,
        PolicyTerminology terms,
        StagingSite site,
        ReadingGuard guard
    )
    {
        var tumors = scope.Tumors;
        var statements = FromObservations(record, scope, terms, guard)
            .Concat(tumors.SelectMany(c => FromConditionStage(c, terms, guard)))
            .Concat(tumors.Concat(scope.OtherRecordsAtSite).SelectMany(c => FromStageSpecificCode(c, terms)))
            .OrderBy(s => s.Evidence.Date ?? DateTimeOffset.MinValue)
            .ToList();
        // I-17: an unconfirmed metastasis recorded before a later staging of spread (N, M or group) is decided by it.
        var lastStagedDay = statements
            .Where(s => s.Value.Axis is StagingAxis.Group or StagingAxis.N or StagingAxis.M)
            .Select(s => ResourceReading.DateOf(s.Evidence.Date))
            .Max();
        var metastases = conditions
            .Current(ValueSetIds.SecondaryMalignancy)
            .Where(c => !terms[ValueSetIds.MetastasisToKidney].Matches(c.Resource.Code))
            .Where(c =>
                !c.Unconfirmed || !(ResourceReading.DateOf(ResourceReading.WhenRecorded(c.Resource)) < lastStagedDay)
            )
            .ToList();

        // Per axis the latest day decides; different values of that day leave the axis unknown (with a note).
        var notes = new List<string>();
        var latestByAxis = new Dictionary<StagingAxis, Statement>();
        var undecided = new List<(StagingAxis Axis, DateOnly? Day)>();
        foreach (var axis in statements.GroupBy(s => s.Value.Axis))
        {
            var latest = LatestStatements.Of(
                axis,
                s => s.Evidence.Date,
                s => (s.Value.Number, s.Value.Subcategory.ToUpperInvariant())
            );
            if (latest.Decisive is { } decisive)
                latestByAxis[axis.Key] = decisive;
            else
            {
                undecided.Add((axis.Key, ResourceReading.DateOf(latest.Statements[^1].Evidence.Date)));
                notes.Add(
                    $"{string.Join(" and ", latest.Statements.Select(s => s.Value.Label).Distinct())} were recorded "
                        + "the same day; "
                        + $"that {Describe(axis.Key)} decides nothing until the current one is documented."
                );
            }
        }
        StagingValue? Latest(StagingAxis axis) => latestByAxis.GetValueOrDefault(axis)?.Value;
        var (t, n, m) = (Latest(StagingAxis.T), Latest(StagingAxis.N), Latest(StagingAxis.M));
        var derived = terms.StageGroups.Derive(site, t, n, m);
        var range = derived;

        // AJCC has no kidney stage 0: a recorded "stage 0" for a kidney tumour decides nothing.
        if (
            latestByAxis.GetValueOrDefault(StagingAxis.Group) is { } group
            && (site == StagingSite.Lung || group.Value.Number >= 1)
        )
        {
            var groupDate = group.Evidence.Date ?? DateTimeOffset.MinValue;
            var tnmIsNewer = latestByAxis
                .Where(kv => kv.Key != StagingAxis.Group)
                .Any(kv => (kv.Value.Evidence.Date ?? DateTimeOffset.MinValue) > groupDate);
            var contradicted = derived is { } d && (group.Value.Number < d.Min || group.Value.Number > d.Max);
            // A group no newer than a day of contradicting T/N/M values may rest on either of them: it decides nothing.
            var groupDay = ResourceReading.DateOf(group.Evidence.Date);
            var tnmUndecided = undecided.Any(u =>
                u.Axis != StagingAxis.Group && (groupDay is null || u.Day >= groupDay)
            );
            if (tnmIsNewer && contradicted)
                notes.Add(
                    $"{group.Value.Label} is older than the T/N/M recorded after it, which allow no such group; the "
                        + "stage group derived from them (AJCC 8) was used."
                );
            else if (tnmUndecided)
                notes.Add(
                    $"{group.Value.Label} is not newer than the contradicting T/N/M values; the stage group derived "
                        + "from the rest (AJCC 8) was used."
                );
            else
                range = new StageRange(group.Value.Number, group.Value.Number);
        }

        return new StageAssessment(
            latestByAxis.GetValueOrDefault(StagingAxis.Group)?.Value,
            t,
            n,
            m,
            range,
            metastases,
            latestByAxis.ToDictionary(kv => kv.Key, kv => kv.Value.Evidence),
            notes
        );
    }

    private static IEnumerable<Statement> FromObservations(
        PatientRecord record,
        TumorScope scope,
        PolicyTerminology terms,
        ReadingGuard guard
    ) =>
        from observation in record.Observations
        where scope.Admits(observation) && TumorObservationLinks.Counts(observation, scope, record, terms)
        from entry in ObservationAxes
        where terms[entry.ValueSetId].Matches(observation.Code)
        from value in ReadValue(
            ResourceReading.ValueOf(observation),
            entry.Axis,
            terms,
            guard,
            ResourceReading.ReferenceTo(observation)
        )
        where value.Axis == entry.Axis || entry.Axis == StagingAxis.Group
        select new Statement(
            value,
            new Evidence(
                ResourceReading.ReferenceTo(observation),
                $"{value.Label} ({ResourceReading.Describe(observation.Code)})",
                ResourceReading.WhenObserved(observation, record)
            )
        );

    private static IEnumerable<Statement> FromConditionStage(
        Condition condition,
        PolicyTerminology terms,
        ReadingGuard guard
    ) =>
        from stage in condition.Stage
        from value in ReadValue(stage.Summary, StagingAxis.Group, terms, guard, ResourceReading.ReferenceTo(condition))
        select new Statement(
            value,
            new Evidence(
                ResourceReading.ReferenceTo(condition),
                $"{value.Label} (Condition.stage.summary)",
                ResourceReading.WhenRecorded(condition)
            )
        );

    /// <summary>
    /// A disorder that names the stage group (ConceptMap mp260-stage-specific-disorders), dated like the Condition.
    /// </summary>
    private static IEnumerable<Statement> FromStageSpecificCode(Condition condition, PolicyTerminology terms) =>
        from coding in condition.Code?.Coding ?? []
        let stageGroup = terms.StageSpecificDisorders.StageGroupOf(coding)
        where stageGroup is not null
        from value in AjccStagingParser.Parse(stageGroup.Code, StagingAxis.Group)
        select new Statement(
            value,
            new Evidence(
                ResourceReading.ReferenceTo(condition),
                $"{value.Label} ({coding.Display ?? coding.Code})",
                ResourceReading.WhenRecorded(condition)
            )
        );

    /// <summary>
    /// Coded values first (our SNOMED map, then cancerstaging.org codes), display/text only as last resort.
    /// </summary>
    private static IReadOnlyList<StagingValue> ReadValue(
        DataType? value,
        StagingAxis axis,
        PolicyTerminology terms,
        ReadingGuard guard,
        string source
    )
    {
        switch (value)
        {
            case CodeableConcept concept:
                var coded = concept
                    .Coding.Select(c =>
                        terms[ValueSetIds.StagingValues].DisplayOf(c)
                        ?? (CodeSystemIdentity.Same(c.System, CodeSystems.AjccStaging) ? c.Code : null)
                    )
                    .Select(label => AjccStagingParser.Parse(label, axis, guard, source))
                    .FirstOrDefault(values => values.Count > 0);
                return coded
                    ?? concept
                        .Coding.Select(c => AjccStagingParser.Parse(c.Display, axis, guard, source))
                        .FirstOrDefault(v => v.Count > 0)
                    ?? AjccStagingParser.Parse(concept.Text, axis, guard, source);
            case FhirString text:
                return AjccStagingParser.Parse(text.Value, axis, guard, source);
            default:
                return [];
        }
    }

    private static string Describe(StagingAxis axis) => axis == StagingAxis.Group ? "stage group" : $"{axis} category";

    private sealed record Statement(StagingValue Value, Evidence Evidence);
}
