using System.Text.Json;
using Hl7.Fhir.Model;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using static CryoCdsHooks.FhirAccess.Tests.LoaderHarness;
using Task = System.Threading.Tasks.Task;

namespace CryoCdsHooks.FhirAccess.Tests;

/// <summary>
/// Search Bundles and JSON as EHRs and FHIR servers really write them, on the prefetch and fetch paths alike.
/// </summary>
public sealed class SearchBundleShapeTests : IDisposable
{
    private readonly WireMockServer server = WireMockServer.Start();

    public void Dispose() => server.Dispose();

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    // A warning outcome entry, an include entry, no total, self and next-less links, as HAPI and Epic write them.
    private const string CoverageSearchWithWarningAndInclude = """
        {"resourceType":"Bundle","type":"searchset",
         "link":[{"relation":"self","url":"https://ehr.example.org/fhir/Coverage?patient=pat-8c1f"}],
         "entry":[
          {"fullUrl":"https://ehr.example.org/fhir/Coverage/cov-1","resource":{"resourceType":"Coverage","id":"cov-1",
            "status":"active",
            "beneficiary":{"reference":"Patient/pat-8c1f"},"payor":[{"reference":"Organization/org-1"}]},
              "search":{"mode":"match"}},
          {"fullUrl":"https://ehr.example.org/fhir/Organization/org-1","resource":{"resourceType":"Organization",
            "id":"org-1","name":"Blue Cross Blue Shield of Massachusetts"},"search":{"mode":"include"}},
          {"resource":{"resourceType":"OperationOutcome","issue":[{"severity":"warning","code":"processing",
            "diagnostics":"Some results may be hidden"}]},"search":{"mode":"outcome"}}
         ]}
        """;

    private const string NoResultsNotice = """
        {"resourceType":"Bundle","type":"searchset","total":0,
         "entry":[{"resource":{"resourceType":"OperationOutcome","issue":[{"severity":"information","code":"not-found",
           "diagnostics":"No results found"}]},"search":{"mode":"outcome"}}]}
        """;

    [Fact]
    public async Task Warning_outcome_and_include_entries_in_prefetch_are_not_a_failed_key()
    {
        using var harness = new LoaderHarness();
        var prefetch = FullPrefetch();
        prefetch[PrefetchTemplateCatalog.CoverageKey] = Json(CoverageSearchWithWarningAndInclude);
        prefetch[PrefetchTemplateCatalog.ProceduresKey] = Json(NoResultsNotice);

        var result = await harness.LoadAsync(HookRequest(server, prefetch), CancellationToken.None);

        Assert.Empty(server.LogEntries);
        Assert.Empty(result.Problems);
        Assert.Equal("cov-1", Assert.Single(result.Record.Coverages).Id);
        Assert.Empty(result.Record.Procedures);
        Assert.Equal("org-1", Assert.IsType<Organization>(Assert.Single(result.Record.Included)).Id);
        Assert.Contains(result.Notes, note =>
            note.StartsWith(
                "coverage: the search Bundle carried an OperationOutcome (warning",
                StringComparison.Ordinal
            )
        );
        Assert.Contains(result.Notes, note => note.StartsWith("procedures:", StringComparison.Ordinal));
        // The included payor resolves through the absolute reference form as well as the relative one.
        Assert.Same(
            result.Record.Included[0],
            result.Record.References.Resolve("https://ehr.example.org/fhir/Organization/org-1", null)
        );
    }

    [Fact]
    public async Task Error_outcome_with_results_keeps_the_results()
    {
        using var harness = new LoaderHarness();
        var prefetch = FullPrefetch();
        prefetch[PrefetchTemplateCatalog.ConditionsKey] = ToElement(SearchSet(NewCondition("kept"), PrefetchFailure()));

        var result = await harness.LoadAsync(HookRequest(server: null, prefetch), CancellationToken.None);

        Assert.Empty(result.Problems);
        Assert.Equal("kept", Assert.Single(result.Record.Conditions).Id);
    }

    [Fact]
    public async Task Fetched_search_with_warning_outcome_loads_and_error_outcome_without_results_is_SearchFailed()
    {
        server
            .Given(Request.Create().WithPath("/fhir/Coverage").UsingGet())
            .RespondWith(
                Response
                    .Create()
                    .WithHeader("Content-Type", "application/fhir+json")
                    .WithBody(CoverageSearchWithWarningAndInclude)
            );
        server
            .Given(Request.Create().WithPath("/fhir/Condition").UsingGet())
            .RespondWith(
                Response
                    .Create()
                    .WithHeader("Content-Type", "application/fhir+json")
                    .WithBody(ToJson(SearchSet(PrefetchFailure())))
            );
        using var harness = new LoaderHarness();
        var prefetch = FullPrefetch();
        prefetch.Remove(PrefetchTemplateCatalog.CoverageKey);
        prefetch.Remove(PrefetchTemplateCatalog.ConditionsKey);

        var result = await harness.LoadAsync(HookRequest(server, prefetch), CancellationToken.None);

        Assert.Equal("cov-1", Assert.Single(result.Record.Coverages).Id);
        Assert.Single(result.Record.Included);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(
            (PrefetchTemplateCatalog.ConditionsKey, DataProblemKind.SearchFailed),
            (problem.PrefetchKey, problem.Kind)
        );
        Assert.DoesNotContain("prefetch failed", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_arrays_empty_strings_and_nulls_are_read_as_absent_and_noted()
    {
        using var harness = new LoaderHarness();
        var prefetch = FullPrefetch();
        prefetch[PrefetchTemplateCatalog.ProceduresKey] = Json(
            """{"resourceType":"Bundle","type":"searchset","entry":[]}"""
        );
        prefetch[PrefetchTemplateCatalog.ConditionsKey] = Json(
            """
            {"resourceType":"Bundle","type":"searchset","total":1,"link":[],
              "entry":[{"resource":{"resourceType":"Condition","id":"c-1",
              "code":{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"C64.1","display":""}],
                "text":null},
              "bodySite":[],"note":[null],"onsetDateTime":null,"subject":{"reference":"Patient/pat-8c1f"}}}]}
            """
        );

        var result = await harness.LoadAsync(HookRequest(server: null, prefetch), CancellationToken.None);

        Assert.Empty(result.Problems);
        Assert.Empty(result.Record.Procedures);
        var condition = Assert.Single(result.Record.Conditions);
        Assert.Equal("C64.1", Assert.Single(condition.Code!.Coding).Code);
        Assert.Null(condition.Code.Coding[0].Display);
        Assert.Empty(condition.BodySite);
        var note = Assert.Single(result.Notes, n => n.StartsWith("conditions:", StringComparison.Ordinal));
        Assert.Contains("Bundle.entry.resource.bodySite", note, StringComparison.Ordinal);
        Assert.Contains(result.Notes, n => n.StartsWith("procedures: empty or null members", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_malformed_value_is_still_rejected_after_empties_are_removed()
    {
        using var harness = new LoaderHarness();
        var prefetch = FullPrefetch();
        prefetch[PrefetchTemplateCatalog.PatientKey] = Json(
            """{"resourceType":"Patient","id":"pat-8c1f","name":[],"birthDate":"not-a-date"}"""
        );

        var failure = await Assert.ThrowsAsync<InvalidPrefetchException>(() =>
            harness.LoadAsync(HookRequest(server: null, prefetch), CancellationToken.None)
        );

        Assert.Equal(PrefetchTemplateCatalog.PatientKey, failure.PrefetchKey);
        Assert.DoesNotContain("not-a-date", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Entries_of_an_unknown_resource_type_are_skipped_and_noted()
    {
        using var harness = new LoaderHarness();
        var prefetch = FullPrefetch();
        prefetch[PrefetchTemplateCatalog.ConditionsKey] = Json(
            """
            {"resourceType":"Bundle","type":"searchset","entry":[
              {"resource":{"resourceType":"FutureThing","id":"x"}},
              {"resource":{"resourceType":"Condition","id":"c-1","subject":{"reference":"Patient/pat-8c1f"}}}]}
            """
        );

        var result = await harness.LoadAsync(HookRequest(server: null, prefetch), CancellationToken.None);

        Assert.Empty(result.Problems);
        Assert.Equal("c-1", Assert.Single(result.Record.Conditions).Id);
        Assert.Contains(result.Notes, n => n.Contains("unknown resource type 'FutureThing'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Urn_uuid_full_urls_become_reference_targets()
    {
        using var harness = new LoaderHarness();
        var prefetch = FullPrefetch();
        prefetch[PrefetchTemplateCatalog.ConditionsKey] = Json(
            """
            {"resourceType":"Bundle","type":"searchset","entry":[
              {"fullUrl":"urn:uuid:5d0b1b1e-0c9e-4c59-a3f2-6f1a5e0d8a11","resource":{"resourceType":"Condition",
                "id":"c-1","subject":{"reference":"Patient/pat-8c1f"}}}]}
            """
        );

        var result = await harness.LoadAsync(HookRequest(server: null, prefetch), CancellationToken.None);

        Assert.Same(
            result.Record.Conditions[0],
            result.Record.References.Resolve("urn:uuid:5d0b1b1e-0c9e-4c59-a3f2-6f1a5e0d8a11", null)
        );
    }

    [Fact]
    public async Task Paging_is_bounded_by_the_deadline_not_a_small_page_count()
    {
        const int pages = 12;
        for (var page = 1; page <= pages; page++)
        {
            var next = page < pages ? $"{server.Url}/fhir/Condition?patient={PatientId}&page={page + 1}" : null;
            var request = Request.Create().WithPath("/fhir/Condition").UsingGet();
            server
                .Given(
                    page == 1
                        ? request
                        : request.WithParam("page", page.ToString(System.Globalization.CultureInfo.InvariantCulture))
                )
                .AtPriority(page == 1 ? 10 : 1)
                .RespondWith(
                    Response
                        .Create()
                        .WithHeader("Content-Type", "application/fhir+json")
                        .WithBody(ToJson(SearchSet(next, NewCondition($"c-{page}"))))
                );
        }
        using var harness = new LoaderHarness();
        var prefetch = FullPrefetch();
        prefetch.Remove(PrefetchTemplateCatalog.ConditionsKey);

        var result = await harness.LoadAsync(HookRequest(server, prefetch), CancellationToken.None);

        Assert.Empty(result.Problems);
        Assert.Equal(pages, result.Record.Conditions.Count);
        Assert.Contains("_count=100", server.LogEntries.First().RequestMessage.Url, StringComparison.Ordinal);
    }
}
