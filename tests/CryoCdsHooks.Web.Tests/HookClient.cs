using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace CryoCdsHooks.Web.Tests;

/// <summary>Small helpers for posting hooks and reading CDS Hooks responses in tests.</summary>
public static class HookClient
{
    public const string OrderSign = "/cds-services/cryoablation-order-sign";
    public const string OrderSelect = "/cds-services/cryoablation-order-select";
    public const string CoverageInformationUrl =
        "http://hl7.org/fhir/us/davinci-crd/StructureDefinition/ext-coverage-information";

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, JsonNode body) =>
        client.PostAsync(path, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

    public static Task<HttpResponseMessage> PostRawAsync(
        this HttpClient client,
        string path,
        string body,
        string contentType = "application/json"
    )
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return client.PostAsync(path, content);
    }

    /// <summary>
    /// Posts a ready-made hook request file as <paramref name="hook"/>: a fresh hookInstance (one answered call per
    /// instance) and, on order-select, every draft order selected.
    /// </summary>
    public static async Task<HttpResponseMessage> PostSampleAsync(this HttpClient client, string path, string hook)
    {
        var request = JsonNode.Parse(await File.ReadAllTextAsync(path))!.AsObject();
        request["hook"] = hook;
        request["hookInstance"] = Guid.NewGuid().ToString();
        if (hook == "order-select")
            request["context"]!["selections"] = new JsonArray(
                request["context"]!["draftOrders"]!["entry"]!
                    .AsArray()
                    .Select(e => (JsonNode)$"ServiceRequest/{e!["resource"]!["id"]}")
                    .ToArray()
            );
        return await client.PostRawAsync($"/cds-services/cryoablation-{hook}", request.ToJsonString());
    }

    public static async Task<JsonObject> ReadJsonAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    /// <summary>
    /// The coverage-information sub-extensions of each systemAction, keyed by the updated order's reference.
    /// </summary>
    public static Dictionary<string, CoverageInformation> CoverageInformationByOrder(JsonObject response)
    {
        var result = new Dictionary<string, CoverageInformation>();
        foreach (var action in response["systemActions"]?.AsArray() ?? [])
        {
            var resource = action!["resource"]!.AsObject();
            var extension = resource["extension"]!.AsArray().Single(e => (string?)e!["url"] == CoverageInformationUrl)!;
            result[$"{resource["resourceType"]}/{resource["id"]}"] = new CoverageInformation(extension.AsObject());
        }
        return result;
    }

    /// <summary>
    /// Makes an order-sign call and returns the uuid of its first card: feedback needs a card the client was given.
    /// </summary>
    public static async Task<string> IssuedCardAsync(this HttpClient client)
    {
        using var response = await client.PostJsonAsync(OrderSign, new PatientScenario().OrderSign());
        response.EnsureSuccessStatusCode();
        return (string)Cards(await response.ReadJsonAsync()).First()["uuid"]!;
    }

    public static IEnumerable<JsonObject> Cards(JsonObject response) =>
        response["cards"]!.AsArray().Select(c => c!.AsObject());

    public static string? TopicOf(JsonObject card) => (string?)card["source"]?["topic"]?["code"];
}
