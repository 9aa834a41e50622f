using System.Text.Json;
using WireMock.Server;
using static CryoCdsHooks.FhirAccess.Tests.LoaderHarness;
using Task = System.Threading.Tasks.Task;

namespace CryoCdsHooks.FhirAccess.Tests;

/// <summary>
/// A prefetched search Bundle with a next link is a first page: the rest is read from the FHIR server.
/// </summary>
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
            HookRequest(
                server,
                PrefetchWithFirstConditionPage($"{server.Url}/fhir/Condition?patient={PatientId}&page=2")
            ),
            CancellationToken.None
        );

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
            HookRequest(
                server,
                PrefetchWithFirstConditionPage($"{server.Url}/fhir/Condition?page=2"),
                accessToken: null
            ),
            CancellationToken.None
        );

        Assert.Empty(server.LogEntries);
        Assert.Empty(result.Problems);
        Assert.Equal("cond-prefetched", Assert.Single(result.Record.Conditions).Id);
        Assert.Contains(result.Notes, n =>
            n.StartsWith(
                $"{PrefetchTemplateCatalog.ConditionsKey}: the prefetch Bundle has a next page",
                StringComparison.Ordinal
            )
        );
    }

    [Fact]
    public async Task Prefetch_next_link_to_another_host_never_receives_the_token()
    {
        using var foreignServer = WireMockServer.Start();
        using var harness = new LoaderHarness();

        var result = await harness.LoadAsync(
            HookRequest(server, PrefetchWithFirstConditionPage($"{foreignServer.Url}/fhir/Condition?page=2")),
            CancellationToken.None
        );

        Assert.Empty(foreignServer.LogEntries);
        AssertOnlyThePrefetchedPageAndALinkNotFollowed(result);
    }

    [Theory]
    [InlineData("/fhir/..%2F..%2Fadmin%2FCondition?page=2")]
    [InlineData("/fhir/Condition%252F..%252F..%252Fadmin?page=2")]
    [InlineData("/fhir/Condition?page=2%0D%0AX-Injected:%201")]
    public async Task Next_link_that_leaves_the_base_once_decoded_is_not_sent_and_is_reported(string pathAndQuery)
    {
        ServeJson("/fhir/Condition", SearchSet(NewCondition("cond-page2")));
        using var harness = new LoaderHarness();

        var result = await harness.LoadAsync(
            HookRequest(server, PrefetchWithFirstConditionPage($"{server.Url}{pathAndQuery}")),
            CancellationToken.None
        );

        Assert.Empty(server.LogEntries);
        Assert.Contains(
            "once decoded",
            AssertOnlyThePrefetchedPageAndALinkNotFollowed(result).Message,
            StringComparison.Ordinal
        );
    }

    private static DataProblem AssertOnlyThePrefetchedPageAndALinkNotFollowed(PatientRecordLoadResult result)
    {
        Assert.Equal("cond-prefetched", Assert.Single(result.Record.Conditions).Id);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(
            (PrefetchTemplateCatalog.ConditionsKey, DataProblemKind.ServerNotAllowed),
            (problem.PrefetchKey, problem.Kind)
        );
        return problem;
    }

    [Fact]
    public async Task Next_link_with_an_encoded_slash_from_a_fhir_server_page_is_not_followed()
    {
        server
            .Given(WireMock.RequestBuilders.Request.Create().WithPath("/fhir/Condition").UsingGet())
            .RespondWith(
                WireMock
                    .ResponseBuilders.Response.Create()
                    .WithHeader("Content-Type", FhirJsonContentType)
                    .WithBody(
                        ToJson(
                            SearchSet(
                                $"{server.Url}/fhir/Condition%2F..%2F..%2Finternal?page=2",
                                NewCondition("cond-page1")
                            )
                        )
                    )
            );
        using var harness = new LoaderHarness();
        var prefetch = FullPrefetch();
        prefetch.Remove(PrefetchTemplateCatalog.ConditionsKey);

        var result = await harness.LoadAsync(HookRequest(server, prefetch), CancellationToken.None);

        Assert.Single(server.LogEntries);
        Assert.Equal("cond-page1", Assert.Single(result.Record.Conditions).Id);
        Assert.Equal(DataProblemKind.ServerNotAllowed, Assert.Single(result.Problems).Kind);
    }
}
