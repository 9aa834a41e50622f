namespace CryoCdsHooks.Web.Metrics;

/// <param name="AcceptedSuggestions">
/// Not in CRDMetricData: the labels of the suggestions the clinician accepted, joined from feedback by suggestion uuid.
/// </param>
public sealed record MetricResponse(
    string? Type,
    IReadOnlyList<string> Focus,
    string? Engagement,
    IReadOnlyList<MetricCoverageInfo>? CoverageInfo,
    IReadOnlyList<string>? AcceptedSuggestions = null
);
