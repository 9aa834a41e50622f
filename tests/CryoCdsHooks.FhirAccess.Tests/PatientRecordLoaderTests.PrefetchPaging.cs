using System.Text.Json;
using WireMock.Server;
using Task = System.Threading.Tasks.Task;
using static CryoCdsHooks.FhirAccess.Tests.LoaderHarness;

namespace CryoCdsHooks.FhirAccess.Tests;

/// <summary>A prefetched search Bundle with a next link is a first page: the rest is read from the FHIR server.</summary>
public sealed partial class PatientRecordLoaderTests
{
    private static Dictionary<string, JsonElement> PrefetchWithFirstConditionPage(string next)
    {
        var prefetch = FullPrefetch();
        prefetch[PrefetchTemplateCatalog.ConditionsKey] = ToElement(SearchSet(next, NewCondition("cond-prefetched")));
        return prefetch;
    }

    [Fact]
    public async Task Prefetch_next_links_are_followed_on_the_fhir_server_and_the_pages_joined()
    {
        ServeJson("/fhir/Condition", SearchSet(NewCondition("cond-page2")));
        using var harness = new LoaderHarness();

        var result = await harness.LoadAsync(
            HookRequest(server, PrefetchWithFirstConditionPage($"{server.Url}/fhir/Condition?patient={PatientId}&page=2")), CancellationToken.None);

        Assert.Empty(result.Problems);
        Assert.Equal(["cond-prefetched", "cond-page2"], result.Record.Conditions.Select(c => c.Id));
        Assert.Equal([PrefetchTemplateCatalog.ConditionsKey], result.QueriedKeys);
        AssertEveryRequestCarriesTheToken(server);
    }

    [Fact]
    public async Task Prefetch_next_link_without_fhir_server_access_keeps_the_pages_sent_and_says_so()
    {
        using var harness = new LoaderHarness();

        var result = await harness.LoadAsync(
            HookRequest(server, PrefetchWithFirstConditionPage($"{server.Url}/fhir/Condition?page=2"), accessToken: null), CancellationToken.None);

        Assert.Empty(server.LogEntries);
        Assert.Empty(result.Problems);
        Assert.Equal("cond-prefetched", Assert.Single(result.Record.Conditions).Id);
        Assert.Contains(result.Notes, n => n.StartsWith($"{PrefetchTemplateCatalog.ConditionsKey}: the prefetch Bundle has a next page", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Prefetch_next_link_to_another_host_never_receives_the_token()
    {
        using var foreignServer = WireMockServer.Start();
        using var harness = new LoaderHarness();

        var result = await harness.LoadAsync(
            HookRequest(server, PrefetchWithFirstConditionPage($"{foreignServer.Url}/fhir/Condition?page=2")), CancellationToken.None);

        Assert.Empty(foreignServer.LogEntries);
        Assert.Equal("cond-prefetched", Assert.Single(result.Record.Conditions).Id);
        var problem = Assert.Single(result.Problems);
        Assert.Equal((PrefetchTemplateCatalog.ConditionsKey, DataProblemKind.ServerNotAllowed), (problem.PrefetchKey, problem.Kind));
    }
}
