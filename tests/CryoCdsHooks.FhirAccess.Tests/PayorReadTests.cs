using Hl7.Fhir.Model;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using static CryoCdsHooks.FhirAccess.Tests.LoaderHarness;
using Task = System.Threading.Tasks.Task;

namespace CryoCdsHooks.FhirAccess.Tests;

/// <summary>
/// Point 9 of issue 22: a payor known only as <c>Organization/id</c> is read before the payer is decided.
/// </summary>
public sealed class PayorReadTests : IDisposable
{
    private readonly WireMockServer server = WireMockServer.Start();

    public void Dispose() => server.Dispose();

    private static Dictionary<string, System.Text.Json.JsonElement> PrefetchWithPayor(ResourceReference payor)
    {
        var prefetch = FullPrefetch();
        var coverage = NewCoverage();
        coverage.Payor = [payor];
        prefetch[PrefetchTemplateCatalog.CoverageKey] = ToElement(SearchSet(coverage));
        return prefetch;
    }

    private void ServeOrganization(string id) =>
        server
            .Given(Request.Create().WithPath($"/fhir/Organization/{id}").UsingGet())
            .RespondWith(
                Response
                    .Create()
                    .WithHeader("Content-Type", "application/fhir+json")
                    .WithBody(ToJson(new Organization { Id = id, Name = "Blue Cross Blue Shield of Massachusetts" }))
            );

    [Fact]
    public async Task Bare_payor_reference_is_read_from_the_fhir_server_with_the_token()
    {
        ServeOrganization("org-7");
        using var harness = new LoaderHarness();

        var result = await harness.LoadAsync(
            HookRequest(server, PrefetchWithPayor(new ResourceReference("Organization/org-7"))),
            CancellationToken.None
        );

        var entry = Assert.Single(server.LogEntries);
        Assert.EndsWith("/fhir/Organization/org-7", entry.RequestMessage.AbsoluteUrl, StringComparison.Ordinal);
        Assert.Equal($"Bearer {AccessToken}", entry.RequestMessage.Headers!["Authorization"].ToString());
        var coverage = Assert.Single(result.Record.Coverages);
        Assert.Equal(
            "org-7",
            Assert.IsType<Organization>(result.Record.References.Resolve("Organization/org-7", coverage)).Id
        );
    }

    [Fact]
    public async Task Absolute_payor_reference_on_another_server_is_not_read()
    {
        using var harness = new LoaderHarness();

        var result = await harness.LoadAsync(
            HookRequest(
                server,
                PrefetchWithPayor(new ResourceReference("https://elsewhere.example.org/fhir/Organization/org-7"))
            ),
            CancellationToken.None
        );

        Assert.Empty(server.LogEntries);
        Assert.Empty(result.Record.Included);
    }

    [Fact]
    public async Task Named_or_included_payors_are_not_read()
    {
        using var harness = new LoaderHarness();

        await harness.LoadAsync(
            HookRequest(server, PrefetchWithPayor(new ResourceReference("Organization/org-7", "Some Payer"))),
            CancellationToken.None
        );

        Assert.Empty(server.LogEntries);
    }

    [Fact]
    public async Task Without_server_access_the_payor_stays_unread_and_a_note_says_so()
    {
        using var harness = new LoaderHarness();

        var result = await harness.LoadAsync(
            HookRequest(null, PrefetchWithPayor(new ResourceReference("Organization/org-7"))),
            CancellationToken.None
        );

        Assert.Empty(result.Record.Included);
        Assert.Contains(result.Notes, n =>
            n.StartsWith(
                "payor: 1 payor Organization(s) known only by reference were not read",
                StringComparison.Ordinal
            )
        );
    }

    [Fact]
    public async Task Payor_that_cannot_be_read_is_noted_not_a_failure()
    {
        using var harness = new LoaderHarness();

        var result = await harness.LoadAsync(
            HookRequest(server, PrefetchWithPayor(new ResourceReference("Organization/org-gone"))),
            CancellationToken.None
        );

        Assert.Empty(result.Problems);
        Assert.Contains(result.Notes, n =>
            n.StartsWith("payor: a payor Organization could not be read (NotFound)", StringComparison.Ordinal)
        );
    }
}
