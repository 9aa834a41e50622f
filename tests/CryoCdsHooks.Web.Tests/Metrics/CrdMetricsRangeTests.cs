using System.Net;
using System.Text.Json.Nodes;
using CryoCdsHooks.Web.Persistence;
using CryoCdsHooks.Web.Tests.Persistence;

namespace CryoCdsHooks.Web.Tests.Beyond;

/// <summary>
/// The CRD metrics range at the calendar's edges (docs/crd-metrics.md): a range that starts before the calendar
/// begins at its start, a date-time outside it is a 400; nothing throws, on either database.
/// </summary>
public sealed class CrdMetricsRangeTests(ServicePerProvider services) : IClassFixture<ServicePerProvider>
{
    public static TheoryData<string, HttpStatusCode, string?> RangeEdges() =>
        new()
        {
            // The default 30 days before "to" would start before year 1: the range starts at the calendar's start.
            { "to=0001-01-02", HttpStatusCode.OK, "0001-01-01T00:00:00.0000000+00:00" },
            { "to=0001-01-31T00:00:00%2B14:00", HttpStatusCode.OK, "0001-01-01T00:00:00.0000000+00:00" },
            { "to=0001-01-02&format=ndjson", HttpStatusCode.OK, null },
            { "from=0001-01-01&to=0001-01-02", HttpStatusCode.OK, "0001-01-01T00:00:00.0000000+00:00" },
            { "from=0001-01-01", HttpStatusCode.OK, "0001-01-01T00:00:00.0000000+00:00" },
            { "to=9999-12-31", HttpStatusCode.OK, "9999-12-01T00:00:00.0000000+00:00" },
            { "to=9999-12-31T23:59:59.9999999Z", HttpStatusCode.OK, "9999-12-01T23:59:59.9999999+00:00" },
            // An empty range, and instants outside the calendar once in UTC.
            { "to=0001-01-01", HttpStatusCode.BadRequest, null },
            { "from=9999-12-31", HttpStatusCode.BadRequest, null },
            { "to=0001-01-01T00:00:00%2B01:00", HttpStatusCode.BadRequest, null },
            { "to=9999-12-31T23:59:59-14:00", HttpStatusCode.BadRequest, null },
            { "to=10000-01-01", HttpStatusCode.BadRequest, null },
            { "to=2026-02-30", HttpStatusCode.BadRequest, null },
        };

    [Theory, InSqlite(nameof(RangeEdges)), InPostgreSql(nameof(RangeEdges))]
    public async Task Range_edges_give_a_clamped_range_or_a_400_never_a_500(
        DatabaseProvider provider,
        string query,
        HttpStatusCode expected,
        string? from
    )
    {
        var client = (await services.GetAsync(provider)).Client;
        await client.PostJsonAsync(HookClient.OrderSign, new PatientScenario().OrderSign());

        var response = await client.GetAsync($"/crd-metrics?{query}");

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{query}: {(int)response.StatusCode} {body}");
        if (expected != HttpStatusCode.OK)
            Assert.Equal("OperationOutcome", (string?)JsonNode.Parse(body)!["resourceType"]);
        if (from is not null)
            Assert.Equal(from, (string?)JsonNode.Parse(body)!["from"]);
    }
}
