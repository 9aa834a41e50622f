using System.Text.Json;
using System.Text.Json.Nodes;
using CryoCdsHooks.Web.Discovery;
using CryoCdsHooks.Web.Hooks;
using CryoCdsHooks.Web.Persistence;

namespace CryoCdsHooks.Web.Metrics;

/// <summary>
/// Derives a CRDMetricData record from what the audit stores for one call: the request (minus its token), the
/// response, the status and timing, the data use, and the feedback received for its cards.
/// </summary>
public static class CrdMetricRecords
{
    private const string NpiSystem = "http://hl7.org/fhir/sid/us-npi";
    private const string AssociatedResource = "davinci-crd.associated-resource";

    public static CrdMetricData Build(HookInvocation call, IReadOnlyDictionary<string, CardFeedback> feedbackByCard, MetricIdentifier payerId)
    {
        var request = Parse(call.RequestJson) as JsonObject;
        var response = Parse(call.ResponseJson) as JsonObject;
        var orders = (request?["context"]?["draftOrders"]?["entry"] as JsonArray ?? [])
            .Select(e => e?["resource"] as JsonObject).OfType<JsonObject>().ToList();

        return new CrdMetricData(
            Source: CrdMetricData.PayerSource,
            HookInstance: call.HookInstance,
            HookType: Text(request?["hook"]) ?? CdsServiceCatalog.Find(call.ServiceId)?.Hook ?? call.ServiceId,
            ProviderId: orders.Select(o => o["requester"]?["identifier"]).Where(i => Text(i?["system"]) == NpiSystem)
                .Select(i => Text(i?["value"])).OfType<string>().Select(v => new MetricIdentifier(NpiSystem, v)).FirstOrDefault(),
            GroupId: null,
            PayerId: payerId,
            RequestTime: call.ReceivedAt.ToUniversalTime(),
            ResponseTime: (call.ReceivedAt + TimeSpan.FromMilliseconds(call.DurationMs)).ToUniversalTime(),
            HttpResponse: call.StatusCode,
            Issue: call.StatusCode == StatusCodes.Status200OK ? null : Issues(response),
            TokenUse: call.TokenUse ?? CrdDataUse.NotUsed,
            Resources: call.ResourcesJson is null ? null : JsonSerializer.Deserialize<List<CrdResourceUse>>(call.ResourcesJson, CrdMetricJson.Options),
            Request: orders.Select(order => Request(order, response, feedbackByCard)).ToList());
    }

    private static MetricRequest Request(JsonObject order, JsonObject? response, IReadOnlyDictionary<string, CardFeedback> feedbackByCard)
    {
        var type = Text(order["resourceType"]) ?? "ServiceRequest";
        var reference = $"{type}/{Text(order["id"])}";
        var responses = new List<MetricResponse>();

        foreach (var card in (response?["cards"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var about = (card["extension"]?[AssociatedResource] as JsonArray ?? []).Select(r => Text(r?["reference"]));
            if (!about.Contains(reference)) continue;
            feedbackByCard.TryGetValue(Text(card["uuid"]) ?? "", out var feedback);
            responses.Add(new MetricResponse(Text(card["source"]?["topic"]?["code"]), [type], Engagement(feedback), null,
                AcceptedSuggestions(card, feedback)));
        }

        foreach (var action in (response?["systemActions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var resource = action["resource"] as JsonObject;
            if (resource is null || $"{Text(resource["resourceType"])}/{Text(resource["id"])}" != reference) continue;
            var coverage = (resource["extension"] as JsonArray ?? []).OfType<JsonObject>()
                .Where(e => Text(e["url"]) == CoverageInformationExtension.Url).Select(CoverageInfo).ToList();
            responses.Add(new MetricResponse("coverage-info", [type], null, coverage));
        }

        return new MetricRequest(type, order["code"]?.DeepClone() ?? new JsonObject { ["text"] = "not coded" },
            responses.Count == 0 ? null : responses);
    }

    private static MetricCoverageInfo CoverageInfo(JsonObject extension)
    {
        var parts = (extension["extension"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        string? Code(string url) => parts.Where(p => Text(p["url"]) == url).Select(p => Text(p["valueCode"])).FirstOrDefault();
        return new MetricCoverageInfo(Code("covered"), Code("pa-needed"), Code("doc-needed"), Code("info-needed"),
            parts.Where(p => Text(p["url"]) == "coverage-assertion-id").Select(p => Text(p["valueString"])).FirstOrDefault() ?? "");
    }

    /// <summary>CDS Hooks feedback knows accepted and overridden; a card without feedback counts as ignored.</summary>
    private static string Engagement(CardFeedback? feedback) => feedback?.Outcome switch
    {
        "accepted" => "accept",
        "overridden" => "override",
        _ => "ignore",
    };

    private static IReadOnlyList<string>? AcceptedSuggestions(JsonObject card, CardFeedback? feedback)
    {
        if (feedback?.AcceptedSuggestionsJson is null) return null;
        var accepted = (Parse(feedback.AcceptedSuggestionsJson) as JsonArray ?? []).Select(s => Text(s?["id"])).ToHashSet();
        var labels = (card["suggestions"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(s => accepted.Contains(Text(s["uuid"]))).Select(s => Text(s["label"]) ?? "").ToList();
        return labels.Count == 0 ? null : labels;
    }

    private static List<MetricIssue> Issues(JsonObject? response) =>
        (response?["issue"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(i => new MetricIssue(Text(i["code"]) ?? "unknown", i["details"]?.DeepClone())).ToList();

    private static JsonNode? Parse(string? json)
    {
        if (json is null) return null;
        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
