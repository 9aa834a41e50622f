using System.Net;
using System.Text.Json.Nodes;

namespace CryoCdsHooks.Web.Tests;

/// <summary>
/// What the card says when an unconfirmed finding (I-17) or a symptom as the order's reason shaped the answer.
/// </summary>
public sealed class FindingsInCardsTests(CdsServiceFactoryFixture fixture) : IClassFixture<CdsServiceFactoryFixture>
{
    private static readonly string RealWorld = Path.Combine(RepositoryRoot(), "fhir-samples", "real-world");

    private async Task<string> CardDetailsAsync(string sample, string hook)
    {
        var request = JsonNode
            .Parse(await File.ReadAllTextAsync(Path.Combine(RealWorld, sample, "hook-request.json")))!
            .AsObject();
        request["hook"] = hook;
        request["hookInstance"] = Guid.NewGuid().ToString();
        if (hook == "order-select")
            request["context"]!["selections"] = new JsonArray(
                request["context"]!["draftOrders"]!["entry"]!
                    .AsArray()
                    .Select(e => (JsonNode)$"ServiceRequest/{e!["resource"]!["id"]}")
                    .ToArray()
            );

        var response = await fixture.Client.PostRawAsync($"/cds-services/cryoablation-{hook}", request.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return string.Join(
            "\n",
            HookClient.Cards(await response.ReadJsonAsync()).Select(c => $"{c["summary"]}\n{c["detail"]}")
        );
    }

    [Theory]
    [InlineData("order-sign")]
    [InlineData("order-select")]
    public async Task A_provisional_metastasis_after_the_staging_is_named_and_asked_to_be_confirmed(string hook)
    {
        var cards = await CardDetailsAsync("32-cerner-provisional-lung-metastasis-after-staging", hook);

        Assert.Contains("confirm metastasis", cards, StringComparison.Ordinal);
        Assert.Contains("Condition/w32-lung-met", cards, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("order-sign")]
    [InlineData("order-select")]
    public async Task A_symptom_as_the_order_reason_is_said_in_the_card(string hook)
    {
        var cards = await CardDetailsAsync("34-epic-reason-hematuria", hook);

        Assert.Contains("is not a tumor at the ordered site", cards, StringComparison.Ordinal);
        Assert.Contains("Gross hematuria", cards, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CryoCdsHooks.sln")))
            directory = directory.Parent;
        return directory?.FullName
            ?? throw new InvalidOperationException("CryoCdsHooks.sln not found above the test binaries.");
    }
}
