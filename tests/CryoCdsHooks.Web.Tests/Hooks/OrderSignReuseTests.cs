using System.Net;
using CryoCdsHooks.PolicyEngine;
using CryoCdsHooks.PolicyEngine.Terminology;
using CryoCdsHooks.PolicyEngine.Versions;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Task = System.Threading.Tasks.Task;

namespace CryoCdsHooks.Web.Tests.Beyond;

/// <summary>
/// order-sign answered from the order-select evaluation when the facts are unchanged, freshly otherwise.
/// </summary>
public sealed class OrderSignReuseTests : IAsyncLifetime
{
    private readonly CountingEngine _engine = new();
    private readonly CdsServiceFactory _factory = new();
    private WebApplicationFactory<Program> _service = null!;
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _service = _factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<IPolicyEngine>(_engine)));
        _client = _service.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _service.DisposeAsync();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task Order_sign_after_order_select_on_unchanged_data_reuses_the_evaluation()
    {
        var patient = new PatientScenario();
        var select = await CoveredAsync(HookClient.OrderSelect, patient.OrderSelect("ServiceRequest/order-1"));
        var evaluationsAfterSelect = _engine.Calls;

        var sign = await CoveredAsync(HookClient.OrderSign, patient.OrderSign());

        Assert.Equal("covered", select);
        Assert.Equal("covered", sign);
        Assert.Equal(evaluationsAfterSelect, _engine.Calls);
    }

    [Fact]
    public async Task A_changed_fact_between_order_select_and_order_sign_gives_a_fresh_evaluation()
    {
        var patient = new PatientScenario();
        await CoveredAsync(HookClient.OrderSelect, patient.OrderSelect("ServiceRequest/order-1"));
        var evaluationsAfterSelect = _engine.Calls;

        // The tumour grew past 4 cm between selecting and signing: the policy must see it.
        patient.Observations[0] = PatientScenario.Quantity("size-1", "21889-1", 4.5m, "cm");
        var sign = await CoveredAsync(HookClient.OrderSign, patient.OrderSign());

        Assert.Equal(evaluationsAfterSelect + 1, _engine.Calls);
        Assert.Equal("not-covered", sign);
    }

    [Fact]
    public async Task A_changed_order_between_order_select_and_order_sign_gives_a_fresh_evaluation()
    {
        var patient = new PatientScenario();
        await CoveredAsync(HookClient.OrderSelect, patient.OrderSelect("ServiceRequest/order-1"));
        var evaluationsAfterSelect = _engine.Calls;

        patient.Orders[0] = PatientScenario.Order("order-1", "50250");
        await CoveredAsync(HookClient.OrderSign, patient.OrderSign());

        Assert.Equal(evaluationsAfterSelect + 1, _engine.Calls);
    }

    [Fact]
    public async Task Order_sign_without_a_preceding_order_select_is_evaluated()
    {
        var before = _engine.Calls;
        var patient = new PatientScenario();
        patient.Observations.Add(PatientScenario.Quantity("other", "21889-1", 2.0m, "cm", "2026-01-01"));

        await CoveredAsync(HookClient.OrderSign, patient.OrderSign());

        Assert.Equal(before + 1, _engine.Calls);
    }

    private async Task<string> CoveredAsync(string path, System.Text.Json.Nodes.JsonObject request)
    {
        var response = await _client.PostJsonAsync(path, request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return HookClient.CoverageInformationByOrder(await response.ReadJsonAsync())["ServiceRequest/order-1"].Covered;
    }

    /// <summary>
    /// The service's engine, counting how often it is asked about the test patient (warm-up asks too).
    /// </summary>
    private sealed class CountingEngine : IPolicyEngine
    {
        private readonly IPolicyEngine _inner = VersionedPolicyEngine.Policy260(PolicyTerminology.Instance);
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public IReadOnlyList<CoverageDetermination> Evaluate(
            IReadOnlyList<ServiceRequest> ordersToEvaluate,
            IReadOnlyList<ServiceRequest> allDraftOrders,
            PatientRecord record,
            DateOnly evaluationDate,
            CancellationToken cancellationToken = default
        )
        {
            if (record.Patient?.Id == PatientScenario.PatientId)
                Interlocked.Increment(ref _calls);
            return _inner.Evaluate(ordersToEvaluate, allDraftOrders, record, evaluationDate, cancellationToken);
        }

        public IReadOnlyList<CoverageDetermination> Undecided(
            IReadOnlyList<ServiceRequest> ordersToEvaluate,
            DateOnly evaluationDate,
            string reason
        ) => _inner.Undecided(ordersToEvaluate, evaluationDate, reason);
    }
}
