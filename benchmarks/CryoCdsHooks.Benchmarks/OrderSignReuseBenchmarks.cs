using System.Text.Json;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using CryoCdsHooks.FhirAccess;
using CryoCdsHooks.PolicyEngine;
using CryoCdsHooks.PolicyEngine.Terminology;
using CryoCdsHooks.PolicyEngine.Versions;
using CryoCdsHooks.Web.Discovery;
using CryoCdsHooks.Web.Hooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CryoCdsHooks.Benchmarks;

/// <summary>
/// What answering order-sign from the order-select evaluation saves: the engine's evaluation against the digest
/// of the facts plus a lookup (a hit), and what a miss adds (digest plus evaluation).
/// </summary>
[MemoryDiagnoser]
public class OrderSignReuseBenchmarks
{
    private static readonly DateOnly EvaluationDate = new(2026, 11, 20);
    private readonly HookRequestReader _reader = new();
    private readonly IPolicyEngine _engine = VersionedPolicyEngine.Policy260(PolicyTerminology.Instance);
    private OrderSelectReuse _primed = null!;
    private OrderSelectReuse _empty = null!;
    private HookRequest _sign = null!;
    private PatientRecordLoadResult _loaded = null!;

    [Params("01-renal-50593-not-candidate-outpatient", "12-lung-nsclc-stage-ia-not-candidate")]
    public string Scenario { get; set; } = "";

    public static int Run(string[] benchmarkDotNetArgs) =>
        EngineBenchmarks.RunShort<OrderSignReuseBenchmarks>(benchmarkDotNetArgs);

    [GlobalSetup]
    public void Setup()
    {
        var sign = SampleScenario.Load(Scenario).WithPrefetch();
        var select = (JsonObject)sign.DeepClone();
        select["hook"] = "order-select";
        select["hookInstance"] = Guid.NewGuid().ToString();
        select["context"]!["selections"] = new JsonArray(
            ((JsonArray)sign["context"]!["draftOrders"]!["entry"]!)
                .Select(e => (JsonNode)JsonValue.Create($"ServiceRequest/{e!["resource"]!["id"]}"))
                .ToArray()
        );

        _sign = Read(sign, CdsServiceCatalog.OrderSign);
        using var services = new ServiceCollection()
            .AddLogging()
            .AddFhirAccess(new ConfigurationBuilder().Build(), _ => PolicyTerminology.Instance.ObservationCodes())
            .BuildServiceProvider();
        using var unbounded = HookDeadline.Unbounded();
        _loaded = services
            .GetRequiredService<IPatientRecordLoader>()
            .LoadAsync(
                new HookDataRequest(_sign.PatientId, _sign.EncounterId, _sign.Prefetch, null, null, null),
                unbounded
            )
            .GetAwaiter()
            .GetResult();

        _primed = new OrderSelectReuse(_engine, TimeProvider.System);
        var selected = Read(select, CdsServiceCatalog.OrderSelect);
        _primed.Evaluate(selected, Subjects(selected), _loaded, null, EvaluationDate);
        if (!_primed.Evaluate(_sign, Subjects(_sign), _loaded, null, EvaluationDate).Reused)
            throw new InvalidOperationException("order-sign was not reused");
        _empty = new OrderSelectReuse(_engine, TimeProvider.System);
    }

    private IReadOnlyList<HookSubject> Subjects(HookRequest request) =>
        request.Kind.SubjectsOf(request, _loaded).Subjects;

    private HookRequest Read(JsonObject json, HookKind service)
    {
        // The reader keeps JsonElements of the document (prefetch): the document lives as long as the benchmark.
        var document = JsonDocument.Parse(json.ToJsonString());
        return _reader.Read(document.RootElement, service).Request ?? throw new InvalidOperationException(Scenario);
    }

    [Benchmark(Baseline = true, Description = "fresh: engine.Evaluate")]
    public IReadOnlyList<CoverageDetermination> Fresh() =>
        _engine.Evaluate(
            _sign.OrdersInScope.Select(o => o.Resource).ToList(),
            _sign.DraftOrders.Select(o => o.Resource).ToList(),
            _loaded.Record,
            EvaluationDate
        );

    [Benchmark(Description = "reused: digest + lookup")]
    public IReadOnlyList<CoverageDetermination> Reused() =>
        _primed.Evaluate(_sign, Subjects(_sign), _loaded, null, EvaluationDate).Determinations;

    [Benchmark(Description = "miss: digest + engine.Evaluate")]
    public IReadOnlyList<CoverageDetermination> Miss() =>
        _empty.Evaluate(_sign, Subjects(_sign), _loaded, null, EvaluationDate).Determinations;
}
