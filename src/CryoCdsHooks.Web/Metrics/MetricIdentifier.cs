namespace CryoCdsHooks.Web.Metrics;

public sealed record MetricIdentifier(string System, string Value);
