using CryoCdsHooks.PolicyEngine.Terminology;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>Collects staging from staging Observations and <c>Condition.stage.summary</c>; the latest value per axis wins.</summary>
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
        IEnumerable<Condition> targetTumors,
        ClinicalConditions conditions,
        PolicyTerminology terms,
        ReadingGuard guard)
    {
        var tumors = targetTumors.ToList();
        var statements = FromObservations(record, tumors, terms, guard)
            .Concat(tumors.SelectMany(c => FromConditionStage(c, terms, guard)))
            .OrderBy(s => s.Evidence.Date ?? DateTimeOffset.MinValue)
            .ToList();
        var metastases = conditions.Current(ValueSetIds.SecondaryMalignancy)
            .Where(c => !terms[ValueSetIds.MetastasisToKidney].Matches(c.Resource.Code))
            .ToList();

        var latestByAxis = statements
            .GroupBy(s => s.Value.Axis)
            .ToDictionary(g => g.Key, g => g.Last());
        StagingValue? Latest(StagingAxis axis) => latestByAxis.GetValueOrDefault(axis)?.Value;
        return new StageAssessment(
            Latest(StagingAxis.Group),
            Latest(StagingAxis.T),
            Latest(StagingAxis.N),
            Latest(StagingAxis.M),
            metastases,
            latestByAxis.ToDictionary(kv => kv.Key, kv => kv.Value.Evidence));
    }

    private static IEnumerable<Statement> FromObservations(PatientRecord record, IReadOnlyList<Condition> tumors, PolicyTerminology terms, ReadingGuard guard) =>
        from observation in record.Observations
        where ResourceReading.IsFinal(observation) && ResourceReading.IsAbout(observation, tumors)
        from entry in ObservationAxes
        where terms[entry.ValueSetId].Matches(observation.Code)
        from value in ReadValue(ResourceReading.ValueOf(observation), entry.Axis, terms, guard, ResourceReading.ReferenceTo(observation))
        where value.Axis == entry.Axis || entry.Axis == StagingAxis.Group
        select new Statement(value, new Evidence(
            ResourceReading.ReferenceTo(observation),
            $"{value.Label} ({ResourceReading.Describe(observation.Code)})",
            ResourceReading.WhenObserved(observation)));

    private static IEnumerable<Statement> FromConditionStage(Condition condition, PolicyTerminology terms, ReadingGuard guard) =>
        from stage in condition.Stage
        from value in ReadValue(stage.Summary, StagingAxis.Group, terms, guard, ResourceReading.ReferenceTo(condition))
        select new Statement(value, new Evidence(
            ResourceReading.ReferenceTo(condition),
            $"{value.Label} (Condition.stage.summary)",
            ResourceReading.WhenRecorded(condition)));

    /// <summary>Coded values first (our SNOMED map, then cancerstaging.org codes), display/text only as last resort.</summary>
    private static IReadOnlyList<StagingValue> ReadValue(DataType? value, StagingAxis axis, PolicyTerminology terms, ReadingGuard guard, string source)
    {
        switch (value)
        {
            case CodeableConcept concept:
                var coded = concept.Coding
                    .Select(c => terms[ValueSetIds.StagingValues].DisplayOf(c) ?? (c.System == CodeSystems.AjccStaging ? c.Code : null))
                    .Select(label => AjccStagingParser.Parse(label, axis, guard, source))
                    .FirstOrDefault(values => values.Count > 0);
                return coded
                       ?? concept.Coding.Select(c => AjccStagingParser.Parse(c.Display, axis, guard, source)).FirstOrDefault(v => v.Count > 0)
                       ?? AjccStagingParser.Parse(concept.Text, axis, guard, source);
            case FhirString text:
                return AjccStagingParser.Parse(text.Value, axis, guard, source);
            default:
                return [];
        }
    }

    private sealed record Statement(StagingValue Value, Evidence Evidence);
}
