using System.Net;
using CryoCdsHooks.FhirAccess;
using CryoCdsHooks.PolicyEngine;
using CryoCdsHooks.PolicyEngine.Terminology;
using CryoCdsHooks.PolicyEngine.Versions;
using CryoCdsHooks.Web.Persistence;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Task = System.Threading.Tasks.Task;

namespace CryoCdsHooks.Web.Tests;

/// <summary>
/// One deadline per hook call, from its arrival (issue 14 point 4): a call that cannot be evaluated in time gets a
/// 200 with an indeterminate (technical) answer per order, and is audited; a caller that went away gets nothing.
/// Time is a fake clock that the slow stage moves on, so the outcome cannot depend on the machine's speed.
/// </summary>
public sealed class HookDeadlineTests : IAsyncLifetime
{
    /// <summary>FhirAccess:HookDeadline's default.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(4);

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly CdsServiceFactory _factory = new();
    private readonly List<WebApplicationFactory<Program>> _services = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var service in _services)
            await service.DisposeAsync();
        await _factory.DisposeAsync();
    }

    /// <summary>
    /// The service, with the test patient's loading and evaluating each taking the given (fake) time.
    /// </summary>
    private WebApplicationFactory<Program> Service(
        TimeSpan loading,
        TimeSpan evaluating,
        Action<CancellationToken>? whileEvaluating = null
    )
    {
        var service = _factory.WithWebHostBuilder(b =>
            b.ConfigureTestServices(services =>
            {
                services.AddSingleton<TimeProvider>(_time);
                var real = services.Single(d => d.ServiceType == typeof(IPatientRecordLoader)).ImplementationType!;
                services.AddSingleton(real);
                services.AddSingleton<IPatientRecordLoader>(sp => new SlowLoader(
                    (IPatientRecordLoader)sp.GetRequiredService(real),
                    _time,
                    loading
                ));
                services.AddSingleton<IPolicyEngine>(new SlowEngine(_time, evaluating, whileEvaluating));
            })
        );
        _services.Add(service);
        return service;
    }

    private static PatientScenario TwoOrders()
    {
        var scenario = new PatientScenario();
        scenario.Orders.Add(PatientScenario.Order("order-2", "32994"));
        return scenario;
    }

    public static TheoryData<string, double, double> SlowStages() =>
        new()
        {
            { "evaluating", 0, 4000 },
            { "loading the record", 4000, 0 },
            // Neither stage alone outlives the deadline: they share one budget, not a clock each.
            { "evaluating", 2000, 2000 },
        };

    [Theory]
    [MemberData(nameof(SlowStages))]
    public async Task A_call_not_evaluated_within_the_deadline_gets_an_indeterminate_answer_per_order(
        string stage,
        double loadingMs,
        double evaluatingMs
    )
    {
        var service = Service(TimeSpan.FromMilliseconds(loadingMs), TimeSpan.FromMilliseconds(evaluatingMs));
        var request = TwoOrders().OrderSign();

        var response = await service.CreateClient().PostJsonAsync(HookClient.OrderSign, request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        var answers = HookClient.CoverageInformationByOrder(body);
        Assert.Equal(["ServiceRequest/order-1", "ServiceRequest/order-2"], answers.Keys.Order());
        Assert.All(answers.Values, info =>
        {
            Assert.Equal("indeterminate", info.Covered);
            Assert.Equal(["technical"], info.ReasonCodes);
            Assert.Null(info.PaNeeded);
        });
        var cards = HookClient.Cards(body).ToList();
        Assert.Equal(2, cards.Count);
        Assert.All(cards, card =>
        {
            Assert.Contains("could not be determined in time", (string)card["summary"]!, StringComparison.Ordinal);
            Assert.Equal("warning", (string?)card["indicator"]);
            Assert.Contains(card["links"]!.AsArray(), l => (string?)l!["type"] == "smart");
        });

        var hookInstance = (string)request["hookInstance"]!;
        var (status, notes, covered) = await AuditAsync(service, hookInstance);
        Assert.Equal((int)HttpStatusCode.OK, status);
        Assert.Contains(
            $"deadline ({Deadline.TotalMilliseconds:0} ms) passed while {stage}",
            notes,
            StringComparison.Ordinal
        );
        Assert.Equal(["indeterminate", "indeterminate"], covered);
    }

    [Fact]
    public async Task A_call_evaluated_just_within_the_deadline_is_answered_from_the_record()
    {
        var service = Service(
            TimeSpan.FromSeconds(2),
            Deadline - TimeSpan.FromSeconds(2) - TimeSpan.FromMilliseconds(1)
        );

        var response = await service
            .CreateClient()
            .PostJsonAsync(HookClient.OrderSign, new PatientScenario().OrderSign());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            "covered",
            HookClient.CoverageInformationByOrder(await response.ReadJsonAsync())["ServiceRequest/order-1"].Covered
        );
    }

    [Fact]
    public async Task A_caller_that_goes_away_stops_the_work_and_nothing_is_answered_or_audited()
    {
        using var caller = new CancellationTokenSource();
        var leaving = true;
        var stopped = false;
        var service = Service(TimeSpan.Zero, TimeSpan.Zero, ct =>
        {
            if (!leaving)
                return;
            leaving = false;
            caller.Cancel();
            stopped = SpinWait.SpinUntil(() => ct.IsCancellationRequested, TimeSpan.FromSeconds(30));
        });
        var client = service.CreateClient();
        var request = new PatientScenario().OrderSign();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            client.PostAsync(
                HookClient.OrderSign,
                new StringContent(request.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
                caller.Token
            )
        );
        // The same hookInstance again waits for the first call to settle: a stored answer would be replayed here.
        var retry = await client.PostJsonAsync(HookClient.OrderSign, request);

        Assert.True(stopped, "the request-aborted token did not reach the engine");
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(
            "covered",
            HookClient.CoverageInformationByOrder(await retry.ReadJsonAsync())["ServiceRequest/order-1"].Covered
        );
        var (_, _, covered) = await AuditAsync(service, (string)request["hookInstance"]!);
        Assert.Equal(["covered"], covered);
    }

    private static async Task<(int Status, string Notes, List<string> Covered)> AuditAsync(
        WebApplicationFactory<Program> service,
        string hookInstance
    )
    {
        await using var scope = service.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuditDbContext>();
        var call = await db.HookInvocations.SingleAsync(i => i.HookInstance == hookInstance);
        var covered = await db
            .CoverageAssertions.Where(a => a.HookInstance == hookInstance)
            .Select(a => a.Covered)
            .ToListAsync();
        return (call.StatusCode, call.DataNotes ?? "", covered);
    }

    /// <summary>
    /// The real loader, after the test patient's record has taken <paramref name="spends"/> to arrive.
    /// </summary>
    private sealed class SlowLoader(IPatientRecordLoader inner, FakeTimeProvider time, TimeSpan spends)
        : IPatientRecordLoader
    {
        public Task<PatientRecordLoadResult> LoadAsync(HookDataRequest request, HookDeadline deadline)
        {
            if (request.PatientId == PatientScenario.PatientId)
                time.Advance(spends);
            return inner.LoadAsync(request, deadline);
        }
    }

    /// <summary>
    /// The service's engine, taking <paramref name="spends"/> over the test patient before its real work.
    /// </summary>
    private sealed class SlowEngine(FakeTimeProvider time, TimeSpan spends, Action<CancellationToken>? meanwhile)
        : IPolicyEngine
    {
        private readonly IPolicyEngine _inner = VersionedPolicyEngine.Policy260(PolicyTerminology.Instance);

        public IReadOnlyList<CoverageDetermination> Evaluate(
            IReadOnlyList<ServiceRequest> ordersToEvaluate,
            IReadOnlyList<ServiceRequest> allDraftOrders,
            PatientRecord record,
            DateOnly evaluationDate,
            CancellationToken cancellationToken = default
        )
        {
            if (record.Patient?.Id == PatientScenario.PatientId)
            {
                time.Advance(spends);
                meanwhile?.Invoke(cancellationToken);
            }
            return _inner.Evaluate(ordersToEvaluate, allDraftOrders, record, evaluationDate, cancellationToken);
        }

        public IReadOnlyList<CoverageDetermination> Undecided(
            IReadOnlyList<ServiceRequest> ordersToEvaluate,
            DateOnly evaluationDate,
            string reason
        ) => _inner.Undecided(ordersToEvaluate, evaluationDate, reason);
    }
}
