using System.Net;
using System.Text.Json.Nodes;
using CryoCdsHooks.Web.Tests.Docs;

namespace CryoCdsHooks.Web.Tests;

/// <summary>
/// What the card says when an unconfirmed finding (I-17) or a symptom as the order's reason shaped the answer.
/// </summary>
public sealed class FindingsInCardsTests(CdsServiceFactoryFixture fixture) : IClassFixture<CdsServiceFactoryFixture>
{
    private static readonly string RealWorld = Path.Combine(
        MarkdownDocument.RepositoryRoot(),
        "fhir-samples",
        "real-world"
    );

    private async Task<string> CardDetailsAsync(string sample, string hook)
    {
        var response = await fixture.Client.PostSampleAsync(Path.Combine(RealWorld, sample, "hook-request.json"), hook);

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
}
