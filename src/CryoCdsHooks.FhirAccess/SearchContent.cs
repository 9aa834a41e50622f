using Hl7.Fhir.Model;

namespace CryoCdsHooks.FhirAccess;

/// <summary>
/// What one prefetch value or one FHIR response holds for a key, read by one rule on both paths (prefetch and
/// fetch): the key's resources, <c>include</c>d resources, <c>fullUrl</c>s, the next page link and whether it is
/// a failed key.
/// </summary>
internal sealed record SearchContent(
    IReadOnlyList<Resource> Resources,
    IReadOnlyList<Resource> Included,
    IReadOnlyDictionary<string, Resource> FullUrls,
    string? Next,
    string? Failure,
    IReadOnlyList<string> Notes
)
{
    /// <summary>
    /// Search Bundles as servers write them: <c>outcome</c> entries (OperationOutcome), <c>include</c> entries,
    /// no <c>total</c>, <c>self</c>/<c>next</c> links. A key has failed only when the value is an OperationOutcome
    /// itself, or a Bundle whose OperationOutcome has error or fatal issues and that has no results. Information
    /// and warning outcomes (e.g. "no results found") are noted, never a failure. Entries of a resource type this
    /// FHIR version does not know are skipped and noted (one behaviour, prefetch and fetch alike).
    /// </summary>
    public static SearchContent Read(Resource resource, PrefetchKeyDefinition definition)
    {
        if (resource is OperationOutcome outcome)
        {
            return new(
                [],
                [],
                Empty,
                null,
                $"The {definition.Key} value is an OperationOutcome ({Severities(outcome)}).",
                []
            );
        }

        if (resource is not Bundle bundle)
        {
            return new([resource], [], Empty, null, null, []);
        }

        var resources = new List<Resource>();
        var included = new List<Resource>();
        var outcomes = new List<OperationOutcome>();
        var fullUrls = new Dictionary<string, Resource>(StringComparer.Ordinal);
        var notes = new List<string>();
        foreach (var entry in bundle.Entry)
        {
            switch (entry.Resource)
            {
                case null:
                    continue;
                case DynamicResource unknown:
                    notes.Add($"{definition.Key}: an entry of unknown resource type '{unknown.TypeName}' was skipped.");
                    continue;
                case OperationOutcome entryOutcome:
                    outcomes.Add(entryOutcome);
                    continue;
                case var entryResource when definition.ResourceType.IsInstanceOfType(entryResource):
                    resources.Add(entryResource);
                    break;
                case var entryResource:
                    included.Add(entryResource);
                    break;
            }

            if (!string.IsNullOrEmpty(entry.FullUrl))
                fullUrls.TryAdd(entry.FullUrl, entry.Resource);
        }

        var failure =
            outcomes.Any(IsError) && resources.Count == 0
                ? $"The {definition.Key} search returned an OperationOutcome with errors and no results "
                    + $"({string.Join("; ", outcomes.Select(Severities))})."
                : null;
        if (failure is null)
        {
            notes.AddRange(
                outcomes.Select(o =>
                    $"{definition.Key}: the search Bundle carried an OperationOutcome ({Severities(o)}); read as "
                    + "a notice."
                )
            );
        }

        var next = bundle.Link.FirstOrDefault(link => link.Relation == "next")?.Url;
        return new(resources, included, fullUrls, string.IsNullOrEmpty(next) ? null : next, failure, notes);
    }

    private static readonly IReadOnlyDictionary<string, Resource> Empty = new Dictionary<string, Resource>();

    private static bool IsError(OperationOutcome outcome) =>
        outcome.Issue.Any(issue =>
            issue.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal
        );

    // Severity and code only: diagnostics and details may quote patient data.
    private static string Severities(OperationOutcome outcome) =>
        outcome.Issue.Count == 0
            ? "no issues"
            : string.Join(
                ", ",
                outcome.Issue.Select(issue =>
                    $"{issue.Severity?.ToString().ToLowerInvariant() ?? "unknown"} "
                    + issue.Code?.ToString().ToLowerInvariant()
                )
            );
}
