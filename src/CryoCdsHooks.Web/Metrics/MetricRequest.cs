using System.Text.Json.Nodes;

namespace CryoCdsHooks.Web.Metrics;

public sealed record MetricRequest(string Type, JsonNode OrderDetail, IReadOnlyList<MetricResponse>? Response);
