using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using CryoCdsHooks.FhirAccess;
using CryoCdsHooks.PolicyEngine;
using CryoCdsHooks.PolicyEngine.Terminology;
using CryoCdsHooks.Web.Discovery;
using CryoCdsHooks.Web.Hooks;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CryoCdsHooks.Benchmarks;

/// <summary>
/// The in-process stages of one hook call on fhir-samples requests with full prefetch: request validation
/// (incl. draftOrders FHIR parsing), prefetch → PatientRecord, the policy engine, and answer composition.
/// </summary>
[MemoryDiagnoser]
public class EngineBenchmarks
{
    private static readonly DateOnly EvaluationDate = new(2026, 11, 20);
    private static readonly IReadOnlyDictionary<string, EarlierAnswer> NoEarlierAnswers =
        new Dictionary<string, EarlierAnswer>();

    private static readonly CardLinks Links = new(
        "https://www.bluecrossma.org/medical-policies",
        "http://localhost/smart/launch"
    );

    private readonly HookRequestReader _reader = new();
    private readonly Policy260Engine _engine = new();
    private ServiceProvider _services = null!;
    private IPatientRecordLoader _loader = null!;
    private byte[] _requestJson = null!;
    private HookKind _service = null!;
    private JsonDocument _document = null!;
    private HookRequest _request = null!;
    private List<ServiceRequest> _ordersInScope = null!;
    private List<ServiceRequest> _allDraftOrders = null!;
    private PatientRecordLoadResult _loaded = null!;
    private IReadOnlyList<CoverageDetermination> _determinations = null!;

    /// <summary>Kidney covered, kidney with eGFR rules, lung, and an order-select with selections.</summary>
    [Params(
        "01-renal-50593-not-candidate-outpatient",
        "03-renal-50542-egfr52-resection-worsens",
        "12-lung-nsclc-stage-ia-not-candidate",
        "21-renal-order-select-selections"
    )]
    public string Scenario { get; set; } = "";

    public static int Run(string[] benchmarkDotNetArgs) => RunShort<EngineBenchmarks>(benchmarkDotNetArgs);

    internal static int RunShort<TBenchmarks>(string[] benchmarkDotNetArgs)
    {
        // Short run in this process (no separately built process per job); a few more warm-up iterations than
        // ShortRun's 3 so that tiered JIT has settled before the first case is measured.
        var config = DefaultConfig
            .Instance.AddJob(
                Job.ShortRun.WithWarmupCount(6).WithIterationCount(5).WithToolchain(InProcessEmitToolchain.Instance)
            )
            .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "CryoCdsHooks.Benchmarks"));
        var summary = BenchmarkRunner.Run<TBenchmarks>(config, benchmarkDotNetArgs);
        return summary.HasCriticalValidationErrors || summary.Reports.Any(report => !report.Success) ? 1 : 0;
    }

    [GlobalSetup]
    public void Setup()
    {
        var scenario = SampleScenario.Load(Scenario);
        _requestJson = JsonSerializer.SerializeToUtf8Bytes(scenario.WithPrefetch());
        _service = CdsServiceCatalog.Find(scenario.ServiceId)!;
        _services = new ServiceCollection()
            .AddLogging()
            .AddFhirAccess(new ConfigurationBuilder().Build(), _ => PolicyTerminology.Instance.ObservationCodes())
            .BuildServiceProvider();
        _loader = _services.GetRequiredService<IPatientRecordLoader>();

        _document = JsonDocument.Parse(_requestJson);
        var (request, issues) = _reader.Read(_document.RootElement, _service);
        _request = request
            ?? throw new InvalidOperationException($"{Scenario}: {string.Join("; ", issues.Select(i => i.Message))}");
        _ordersInScope = _request.OrdersInScope.Select(order => order.Resource).ToList();
        _allDraftOrders = _request.DraftOrders.Select(order => order.Resource).ToList();
        _loaded = LoadPrefetch();
        _determinations = Evaluate();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _document.Dispose();
        _services.Dispose();
    }

    [Benchmark(Description = "read request (JSON + validation + draftOrders)")]
    public HookRequest? ReadRequest()
    {
        using var document = JsonDocument.Parse(_requestJson);
        return _reader.Read(document.RootElement, _service).Request;
    }

    [Benchmark(Description = "prefetch -> PatientRecord")]
    public PatientRecordLoadResult LoadPrefetch()
    {
        using var unbounded = HookDeadline.Unbounded();
        return _loader
            .LoadAsync(
                new HookDataRequest(_request.PatientId, _request.EncounterId, _request.Prefetch, null, null, null),
                unbounded
            )
            .GetAwaiter()
            .GetResult();
    }

    [Benchmark(Description = "Policy260Engine.Evaluate")]
    public IReadOnlyList<CoverageDetermination> Evaluate() =>
        _engine.Evaluate(_ordersInScope, _allDraftOrders, _loaded.Record, EvaluationDate);

    [Benchmark(Description = "answer + compose + serialize response")]
    public string ComposeResponse()
    {
        var answers = HookAnswering.Answer(
            _request.Kind.SubjectsOf(_request, _loaded).Subjects,
            _loaded,
            _determinations,
            EvaluationDate,
            PayerIdentity.Default
        );
        return HookResponse
            .Compose(_request, answers, NoEarlierAnswers, "Blue Cross Blue Shield of Massachusetts", Links)
            .Body.ToJsonString();
    }
}
