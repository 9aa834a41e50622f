using CryoCdsHooks.Web.Hooks;

namespace CryoCdsHooks.Web.Metrics;

/// <summary>
/// One record of the Da Vinci CRD logical model CRDMetricData (element names as in the IG), from the payer's side.
/// Elements we cannot know are left out rather than guessed (see docs/crd-metrics.md).
/// </summary>
public sealed record CrdMetricData(
    string Source,
    string? HookInstance,
    string HookType,
    MetricIdentifier? ProviderId,
    MetricIdentifier? GroupId,
    MetricIdentifier PayerId,
    DateTimeOffset RequestTime,
    DateTimeOffset? ResponseTime,
    int HttpResponse,
    IReadOnlyList<MetricIssue>? Issue,
    string TokenUse,
    IReadOnlyList<CrdResourceUse>? Resources,
    IReadOnlyList<MetricRequest> Request
)
{
    public const string LogicalModel = "http://hl7.org/fhir/us/davinci-crd/StructureDefinition/CRDMetricData";
    public const string PayerSource = "payer-src";
}
