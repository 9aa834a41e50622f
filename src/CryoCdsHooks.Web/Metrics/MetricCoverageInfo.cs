namespace CryoCdsHooks.Web.Metrics;

public sealed record MetricCoverageInfo(
    string? Covered,
    string? PaNeeded,
    string? DocNeeded,
    string? InfoNeeded,
    IReadOnlyList<MetricQuestionnaire>? Questionnaire,
    string AssertionId
);
