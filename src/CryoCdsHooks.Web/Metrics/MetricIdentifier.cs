using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace CryoCdsHooks.Web.Metrics;

public sealed record MetricIdentifier(string System, string Value);
