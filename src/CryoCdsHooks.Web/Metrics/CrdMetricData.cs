using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

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
    IReadOnlyList<MetricRequest> Request)
{
    public const string LogicalModel = "http://hl7.org/fhir/us/davinci-crd/StructureDefinition/CRDMetricData";
    public const string PayerSource = "payer-src";
}

public sealed record MetricIdentifier(string System, string Value);

public sealed record MetricIssue(string Code, JsonNode? Details);

public sealed record MetricRequest(string Type, JsonNode OrderDetail, IReadOnlyList<MetricResponse>? Response);

/// <param name="AcceptedSuggestions">
/// Not in CRDMetricData: the labels of the suggestions the clinician accepted, joined from feedback by suggestion uuid.
/// </param>
public sealed record MetricResponse(
    string? Type,
    IReadOnlyList<string> Focus,
    string? Engagement,
    IReadOnlyList<MetricCoverageInfo>? CoverageInfo,
    IReadOnlyList<string>? AcceptedSuggestions = null);

public sealed record MetricCoverageInfo(string? Covered, string? PaNeeded, string? DocNeeded, string? InfoNeeded, string AssertionId);

/// <summary>FHIR JSON conventions: camelCase element names, empty elements left out.</summary>
public static class CrdMetricJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
