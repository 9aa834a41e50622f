using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CryoCdsHooks.FhirAccess;

/// <summary>FHIR server queries (one per prefetch key fetched, pages and retries included) by outcome.</summary>
internal sealed class FhirAccessMetrics
{
    /// <summary>The service's meter, shared with the web host's hook metrics.</summary>
    public const string MeterName = "CryoCdsHooks";
    public const string Queries = "cryo.fhir.queries";
    public const string QueryFailures = "cryo.fhir.query.failures";

    private readonly Counter<long> _queries;
    private readonly Counter<long> _failures;

    public FhirAccessMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _queries = meter.CreateCounter<long>(Queries, "{query}", "FHIR server queries, by prefetch key and outcome");
        _failures = meter.CreateCounter<long>(
            QueryFailures,
            "{query}",
            "FHIR server queries that did not load completely, by prefetch key and problem"
        );
    }

    public void QueryCompleted(KeyFetchOutcome outcome)
    {
        var kind = outcome.Problem?.Kind.ToString() ?? "success";
        var tags = new TagList { { "cryo.prefetch.key", outcome.PrefetchKey }, { "cryo.outcome", kind } };
        _queries.Add(1, tags);
        if (outcome.Problem is not null)
            _failures.Add(1, tags);
    }
}
