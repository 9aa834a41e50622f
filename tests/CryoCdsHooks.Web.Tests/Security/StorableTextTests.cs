using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CryoCdsHooks.Web.Hosting;
using CryoCdsHooks.Web.Persistence;
using CryoCdsHooks.Web.Tests.Persistence;

namespace CryoCdsHooks.Web.Tests.Security;

/// <summary>
/// One rule for text a client sends (docs/security.md): what PostgreSQL cannot store (NUL, a lone surrogate) is a
/// 400 wherever it arrives, in a body or a query, on both databases alike (a path with %00 the server refuses itself).
/// </summary>
public sealed class StorableTextTests(ServicePerProvider services) : IClassFixture<ServicePerProvider>
{
    // Written escaped: a lone surrogate does not survive the test runner's serialisation of the arguments.
    [Theory]
    [InlineData("", true)]
    [InlineData("Practitioner/dr-1", true)]
    [InlineData(@"\u202Eright-to-left", true)]
    [InlineData(@"\ud83e\uddca ice", true)] // a surrogate pair
    [InlineData(@"x\u0000", false)]
    [InlineData(@"\u0000", false)]
    [InlineData(@"\ud800", false)]
    [InlineData(@"a\udfffb", false)]
    [InlineData(@"\udc00\ud800", false)] // a pair in the wrong order
    [InlineData(@"end\ud83e", false)]
    public void Text_is_storable_unless_it_holds_NUL_or_a_lone_surrogate(string escaped, bool storable) =>
        Assert.Equal(storable, StorableText.IsStorable(Regex.Unescape(escaped)));

    public static TheoryData<string> UnstorableTargets() =>
        new()
        {
            "/coverage-assertions/x?y=%00",
            "/crd-metrics?to=2026-12-01%00",
            "/crd-metrics?format=json%00",
            "/crd-metrics?x%00=1",
            "/cds-services?q=%00",
        };

    [Theory, InSqlite(nameof(UnstorableTargets)), InPostgreSql(nameof(UnstorableTargets))]
    public async Task NUL_in_a_query_gets_400_with_an_OperationOutcome(DatabaseProvider provider, string target)
    {
        var client = (await services.GetAsync(provider)).Client;

        var response = await client.GetAsync(target);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("OperationOutcome", (string?)(await response.ReadJsonAsync())["resourceType"]);
    }

    [Theory, InSqlite, InPostgreSql]
    public async Task NUL_after_an_issued_card_id_gets_400_not_a_database_error(DatabaseProvider provider)
    {
        var service = await services.GetAsync(provider);
        var card = await service.Client.IssuedCardAsync();
        var feedback = new JsonObject
        {
            ["feedback"] = new JsonArray(
                new JsonObject
                {
                    ["card"] = card + "\u0000",
                    ["outcome"] = "overridden",
                    ["outcomeTimestamp"] = "2026-11-20T10:15:00Z",
                }
            ),
        };

        var response = await service.Client.PostJsonAsync(HookClient.OrderSign + "/feedback", feedback);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("NUL", (string?)(await response.ReadJsonAsync())["issue"]![0]!["diagnostics"]);
    }
}
