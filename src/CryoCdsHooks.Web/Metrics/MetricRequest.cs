using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace CryoCdsHooks.Web.Metrics;

public sealed record MetricRequest(string Type, JsonNode OrderDetail, IReadOnlyList<MetricResponse>? Response);
