using Hl7.Fhir.Model;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using static CryoCdsHooks.FhirAccess.Tests.LoaderHarness;
using Task = System.Threading.Tasks.Task;

namespace CryoCdsHooks.FhirAccess.Tests;

/// <summary>
/// Issue 25: a hook's own key (here order-dispatch's <c>performer</c>) missing from prefetch is fetched by the same
/// loader as the record's keys, with the token; prefetched, it is left to the hook; a failed read is a problem,
/// not a 412.
/// </summary>
public sealed class HookKeyFetchTests : IDisposable
{
    private static readonly HookKeyQuery Performer = new(
        "performer",
        "Organization/asc-1",
        typeof(Organization),
        IsRead: true
    );

    private readonly WireMockServer server = WireMockServer.Start();

    public void Dispose() => server.Dispose();

    private void ServesOrganization() =>
        server
            .Given(Request.Create().WithPath("/fhir/Organization/asc-1").UsingGet())
            .RespondWith(
                Response
                    .Create()
                    .WithHeader("Content-Type", "application/fhir+json")
                    .WithBody(ToJson(new Organization { Id = "asc-1" }))
            );

    [Fact]
    public async Task A_hook_key_not_prefetched_is_read_with_the_token_and_returned_by_key()
    {
        ServesOrganization();
        using var harness = new LoaderHarness();

        var result = await harness.LoadAsync(
            HookRequest(server, FullPrefetch()) with
            {
                HookKeys = [Performer],
            },
            CancellationToken.None
        );

        var entry = Assert.Single(server.LogEntries);
        Assert.Equal($"Bearer {AccessToken}", entry.RequestMessage.Headers!["Authorization"].ToString());
        Assert.Equal("asc-1", Assert.Single(result.HookKeys["performer"]).Id);
        Assert.Contains("performer", result.QueriedKeys!);
    }

    [Fact]
    public async Task A_prefetched_hook_key_is_not_queried_and_read_by_the_loader()
    {
        var prefetch = FullPrefetch();
        prefetch["performer"] = ToElement(new Organization { Id = "asc-1" });
        using var harness = new LoaderHarness();

        var result = await harness.LoadAsync(
            HookRequest(server, prefetch) with
            {
                HookKeys = [Performer],
            },
            CancellationToken.None
        );

        Assert.Empty(server.LogEntries);
        Assert.Equal("asc-1", Assert.Single(result.HookKeys["performer"]).Id);
    }

    [Fact]
    public async Task A_failed_hook_key_read_is_a_problem_and_without_a_server_it_is_not_demanded()
    {
        server.Given(Request.Create().UsingGet()).RespondWith(Response.Create().WithStatusCode(404));
        using var harness = new LoaderHarness();

        var failed = await harness.LoadAsync(
            HookRequest(server, FullPrefetch()) with
            {
                HookKeys = [Performer],
            },
            CancellationToken.None
        );
        var withoutServer = await harness.LoadAsync(
            HookRequest(null, FullPrefetch()) with
            {
                HookKeys = [Performer],
            },
            CancellationToken.None
        );

        Assert.Equal(DataProblemKind.NotFound, Assert.Single(failed.Problems, p => p.PrefetchKey == "performer").Kind);
        Assert.Empty(withoutServer.HookKeys);
        Assert.Empty(withoutServer.Problems);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_hook_key_prefetched_as_an_operation_outcome_is_fetched_from_the_server(bool inABundle)
    {
        ServesOrganization();
        var prefetch = FullPrefetch();
        prefetch["performer"] = inABundle ? ToElement(SearchSet(PrefetchFailure())) : ToElement(PrefetchFailure());
        using var harness = new LoaderHarness();

        var result = await harness.LoadAsync(
            HookRequest(server, prefetch) with
            {
                HookKeys = [Performer],
            },
            CancellationToken.None
        );

        Assert.Equal("/fhir/Organization/asc-1", Assert.Single(server.LogEntries).RequestMessage.Path);
        Assert.Equal("asc-1", Assert.Single(result.HookKeys["performer"]).Id);
    }

    [Fact]
    public async Task A_hook_key_with_nothing_to_fetch_is_read_from_prefetch_and_never_queried()
    {
        var prefetch = FullPrefetch();
        prefetch["performer"] = ToElement(new Organization { Id = "asc-1" });
        using var harness = new LoaderHarness();

        var result = await harness.LoadAsync(
            HookRequest(server, prefetch) with
            {
                HookKeys = [Performer with { Query = null }, new("appointments", null, typeof(Appointment), false)],
            },
            CancellationToken.None
        );

        Assert.Empty(server.LogEntries);
        Assert.Equal("asc-1", Assert.Single(result.HookKeys["performer"]).Id);
        Assert.False(result.HookKeys.ContainsKey("appointments"));
    }
}
