using System.Text.Json.Nodes;

namespace CryoCdsHooks.Web.Metrics;

public sealed record MetricIssue(string Code, JsonNode? Details);
