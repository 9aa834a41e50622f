using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json.Nodes;
using CryoCdsHooks.Web.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using OpenTelemetry.Trace;

namespace CryoCdsHooks.Web.Tests.Telemetry;

public sealed class TelemetryTests
{
    [Fact]
    public async Task A_hook_call_records_its_duration_and_determinations()
    {
        await using var factory = new CdsServiceFactory();
        var client = factory.CreateClient();
        var meters = factory.Services.GetRequiredService<IMeterFactory>();
        using var duration = new MetricCollector<double>(meters, CryoTelemetry.Name, HookMetrics.HookDuration);
        using var determinations = new MetricCollector<long>(meters, CryoTelemetry.Name, HookMetrics.Determinations);

        var response = await client.PostJsonAsync(HookClient.OrderSign, new PatientScenario().OrderSign());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var latency = Assert.Single(duration.GetMeasurementSnapshot());
        Assert.True(latency.Value > 0);
        Assert.Equal("cryoablation-order-sign", latency.Tags["cds.service.id"]);
        Assert.Equal(200, latency.Tags["http.response.status_code"]);
        var determination = Assert.Single(determinations.GetMeasurementSnapshot());
        Assert.Equal(1, determination.Value);
        Assert.Equal("covered", determination.Tags["cryo.covered"]);
        Assert.Equal("RenalCryoablation", determination.Tags["cryo.procedure.class"]);
    }

    [Fact]
    public async Task FHIR_queries_are_counted_by_prefetch_key_and_outcome()
    {
        await using var factory = new CdsServiceFactory().With("FhirAccess:MaxRetries", "0");
        var client = factory.CreateClient();
        var meters = factory.Services.GetRequiredService<IMeterFactory>();
        using var queries = new MetricCollector<long>(meters, CryoTelemetry.Name, "cryo.fhir.queries");
        using var failures = new MetricCollector<long>(meters, CryoTelemetry.Name, "cryo.fhir.query.failures");
        var request = new PatientScenario().OrderSign();
        request["prefetch"]!.AsObject().Remove("procedures");
        request["fhirServer"] = "http://127.0.0.1:9/fhir"; // nothing listens: the query fails
        request["fhirAuthorization"] = new JsonObject
        {
            ["access_token"] = "t",
            ["token_type"] = "Bearer",
            ["expires_in"] = 30,
            ["scope"] = "patient/*.read",
            ["subject"] = "cryo-cds",
        };

        await client.PostJsonAsync(HookClient.OrderSign, request);

        var query = Assert.Single(queries.GetMeasurementSnapshot());
        Assert.Equal(("procedures", "Unreachable"), (query.Tags["cryo.prefetch.key"], query.Tags["cryo.outcome"]));
        Assert.Equal("procedures", Assert.Single(failures.GetMeasurementSnapshot()).Tags["cryo.prefetch.key"]);
    }

    [Fact]
    public async Task Policy_evaluation_has_its_own_span()
    {
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == CryoTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (spans)
                    spans.Add(activity);
            },
        };
        ActivitySource.AddActivityListener(listener);
        await using var factory = new CdsServiceFactory();

        await factory.CreateClient().PostJsonAsync(HookClient.OrderSign, new PatientScenario().OrderSign());

        lock (spans)
            Assert.Contains(spans, span =>
                span.OperationName == "PolicyEngine.Evaluate" && span.GetTagItem("cryo.orders") is 1
            );
    }

    [Fact]
    public async Task With_an_OTLP_endpoint_the_service_exports_and_still_answers_when_the_collector_is_down()
    {
        await using var factory = new CdsServiceFactory().With("OpenTelemetry:OtlpEndpoint", "http://127.0.0.1:9");

        var response = await factory
            .CreateClient()
            .PostJsonAsync(HookClient.OrderSign, new PatientScenario().OrderSign());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(factory.Services.GetService<TracerProvider>());
    }

    [Fact]
    public async Task Exported_spans_carry_no_patient_id()
    {
        var exported = new ExportedSpans();
        await using var factory = new CdsServiceFactory()
            .With("OpenTelemetry:OtlpEndpoint", "http://127.0.0.1:9")
            .With("FhirAccess:MaxRetries", "0")
            .WithWebHostBuilder(host =>
                host.ConfigureServices(services =>
                    services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(exported))
                )
            );
        var request = new PatientScenario().OrderSign();
        request["prefetch"]!.AsObject().Remove("patient"); // fetched as Patient/pat-1
        request["fhirServer"] = "http://127.0.0.1:9/fhir";
        request["fhirAuthorization"] = new JsonObject
        {
            ["access_token"] = "t",
            ["token_type"] = "Bearer",
            ["expires_in"] = 30,
            ["scope"] = "patient/*.read",
            ["subject"] = "cryo-cds",
        };

        await factory.CreateClient().PostJsonAsync(HookClient.OrderSign, request);
        await factory.DisposeAsync(); // flushes the spans

        var spans = exported.Spans;
        Assert.Contains(spans, span =>
            span.Kind == ActivityKind.Client && (string?)span.GetTagItem("url.full") == "http://127.0.0.1:9"
        );
        Assert.DoesNotContain(spans, span =>
            span.DisplayName.Contains(PatientScenario.PatientId)
            || span.TagObjects.Any(tag => tag.Value?.ToString()?.Contains(PatientScenario.PatientId) == true)
        );
    }

    private sealed class ExportedSpans : OpenTelemetry.BaseProcessor<Activity>
    {
        private readonly List<Activity> _spans = [];

        public IReadOnlyList<Activity> Spans
        {
            get
            {
                lock (_spans)
                    return _spans.ToList();
            }
        }

        public override void OnEnd(Activity activity)
        {
            lock (_spans)
                _spans.Add(activity);
        }
    }

    [Fact]
    public void Without_an_OTLP_endpoint_there_is_no_exporter()
    {
        using var factory = new CdsServiceFactory();

        Assert.Null(factory.Services.GetService<TracerProvider>());
    }

    [Fact]
    public void An_OTLP_endpoint_that_is_not_http_stops_the_start()
    {
        using var factory = new CdsServiceFactory().With("OpenTelemetry:OtlpEndpoint", "ftp://collector");

        Assert.ThrowsAny<Exception>(() => factory.Services);
    }
}
