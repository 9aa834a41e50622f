using System.Net;
using System.Text.Json.Nodes;
using CryoCdsHooks.Web.Tests.Smart;

namespace CryoCdsHooks.Web.Tests;

/// <summary>
/// Point 8 of issue 22 on order-select: a guidance order selected alone still finds the ablation it names among the
/// draft orders (fhir-samples/real-world/62: 77013 names the kidney ablation, 76940 the bone ablation).
/// </summary>
public sealed class GuidanceSelectedAloneTests(CdsServiceFactoryFixture fixture)
    : IClassFixture<CdsServiceFactoryFixture>
{
    private const string Sample = "fhir-samples/real-world/62-hapi-two-ablations-two-guidance/hook-request.json";

    [Theory]
    [InlineData("ServiceRequest/w62-guidance-ct", "covered")]
    [InlineData("ServiceRequest/w62-guidance-us", "not-covered")]
    public async Task Guidance_selected_alone_follows_the_ablation_it_names(string selection, string covered)
    {
        var request = JsonNode
            .Parse(await File.ReadAllTextAsync(Path.Combine(SmartEhr.RepositoryRoot(), Sample)))!
            .AsObject();
        request["hook"] = "order-select";
        request["hookInstance"] = Guid.NewGuid().ToString();
        request["context"]!["selections"] = new JsonArray(selection);

        var response = await fixture.Client.PostRawAsync(
            "/cds-services/cryoablation-order-select",
            request.ToJsonString()
        );

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answers = HookClient.CoverageInformationByOrder(await response.ReadJsonAsync());
        Assert.Equal(covered, Assert.Single(answers, a => a.Key == selection).Value.Covered);
        Assert.Single(answers);
    }
}
