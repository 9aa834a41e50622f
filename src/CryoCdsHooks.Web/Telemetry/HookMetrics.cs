using System.Diagnostics.Metrics;

namespace CryoCdsHooks.Web.Telemetry;

/// <summary>Hook latency and coverage determinations, on the <see cref="CryoTelemetry.Name"/> meter.</summary>
public sealed class HookMetrics
{
    public const string HookDuration = "cryo.hook.duration";
    public const string Determinations = "cryo.determinations";

    private readonly Histogram<double> _hookDuration;
    private readonly Counter<long> _determinations;

    public HookMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(CryoTelemetry.Name);
        _hookDuration = meter.CreateHistogram<double>(
            HookDuration,
            "ms",
            "Time to answer a hook call, audit write included"
        );
        _determinations = meter.CreateCounter<long>(
            Determinations,
            "{determination}",
            "Coverage determinations returned, by CRD covered code and procedure class"
        );
    }

    /// <param name="determinations">The CRD covered code and procedure class of each answered order.</param>
    public void HookAnswered(
        string serviceId,
        int status,
        TimeSpan elapsed,
        IEnumerable<(string Covered, string ProcedureClass)> determinations
    )
    {
        _hookDuration.Record(
            elapsed.TotalMilliseconds,
            new KeyValuePair<string, object?>("cds.service.id", serviceId),
            new KeyValuePair<string, object?>("http.response.status_code", status)
        );
        foreach (var (covered, procedureClass) in determinations)
        {
            _determinations.Add(
                1,
                new KeyValuePair<string, object?>("cryo.covered", covered),
                new KeyValuePair<string, object?>("cryo.procedure.class", procedureClass)
            );
        }
    }
}
