using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>
/// Two resources of one type with one id (a search that returned a stale and a current version, prefetch merged
/// from two queries) must not decide by their order. Identical copies are one resource; of different versions the
/// one with the strictly newest <c>meta.lastUpdated</c> is used; when that does not tell them apart, none is used
/// (missing data) and a note says so. Resources without an id are all kept.
/// </summary>
internal static class DuplicateResources
{
    public static PatientRecord Resolve(PatientRecord record, ReadingGuard guard) =>
        record with
        {
            Conditions = Resolve(record.Conditions, guard),
            Observations = Resolve(record.Observations, guard),
            Procedures = Resolve(record.Procedures, guard),
            DiagnosticReports = Resolve(record.DiagnosticReports, guard),
            QuestionnaireResponses = Resolve(record.QuestionnaireResponses, guard),
        };

    public static IReadOnlyList<T> Resolve<T>(IReadOnlyList<T> resources, ReadingGuard guard)
        where T : Resource
    {
        var byId = resources
            .Where(r => !string.IsNullOrEmpty(r.Id))
            .GroupBy(r => r.Id!, StringComparer.Ordinal)
            .Where(g => g.Skip(1).Any())
            .ToDictionary(g => g.Key, g => Choose(g.ToList(), guard), StringComparer.Ordinal);
        if (byId.Count == 0)
            return resources;

        var kept = new List<T>(resources.Count);
        var emitted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var resource in resources)
        {
            if (string.IsNullOrEmpty(resource.Id) || !byId.TryGetValue(resource.Id, out var chosen))
                kept.Add(resource);
            else if (chosen is not null && emitted.Add(resource.Id))
                kept.Add(chosen);
        }
        return kept;
    }

    /// <summary>Linear in the copies: each is compared with the newest only.</summary>
    private static T? Choose<T>(List<T> versions, ReadingGuard guard)
        where T : Resource
    {
        var ordered = versions.OrderByDescending(LastUpdated).ToList();
        var newest = ordered[0];
        if (ordered.All(v => v.IsExactly(newest)))
            return newest;
        var latest = LastUpdated(newest);
        if (
            latest != DateTimeOffset.MinValue
            && ordered.TakeWhile(v => LastUpdated(v) == latest).All(v => v.IsExactly(newest))
        )
            return newest;

        guard.Conflict(ResourceReading.ReferenceTo(newest));
        return null;
    }

    private static DateTimeOffset LastUpdated(Resource resource) =>
        resource.Meta?.LastUpdated ?? DateTimeOffset.MinValue;
}
