using System.Text.Json;
using System.Text.Json.Nodes;
using CryoCdsHooks.FhirAccess;
using CryoCdsHooks.Web.Discovery;
using CryoCdsHooks.Web.Hooks;
using CryoCdsHooks.Web.Hooks.Wire;
using CryoCdsHooks.Web.Persistence;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace CryoCdsHooks.Web.Metrics;

/// <summary>
/// Derives a CRDMetricData record from what the audit stores for one call: the request (minus its token), the
/// response, the status and timing, the data use, and the feedback received for its cards.
/// </summary>
public static class CrdMetricRecords
{
    private const string NpiSystem = "http://hl7.org/fhir/sid/us-npi";

    public static CrdMetricData Build(
        HookInvocation call,
        IReadOnlyDictionary<string, CardFeedback> feedbackByCard,
        MetricIdentifier payerId
    )
    {
        var request = CdsHookRequest.TryRead(call.RequestJson);
        var response = CdsResponse.TryRead(call.ResponseJson);
        var orders = DraftOrders(request);

        return new CrdMetricData(
            Source: CrdMetricData.PayerSource,
            HookInstance: call.HookInstance,
            HookType: request?.Hook ?? CdsServiceCatalog.Find(call.ServiceId)?.Hook ?? call.ServiceId,
            ProviderId: orders
                .OfType<ServiceRequest>()
                .Select(o => o.Requester?.Identifier)
                .Select(i => i?.System == NpiSystem ? i.Value : null)
                .OfType<string>()
                .Select(v => new MetricIdentifier(NpiSystem, v))
                .FirstOrDefault(),
            GroupId: null,
            PayerId: payerId,
            RequestTime: call.ReceivedAt.ToUniversalTime(),
            ResponseTime: (call.ReceivedAt + TimeSpan.FromMilliseconds(call.DurationMs)).ToUniversalTime(),
            HttpResponse: call.StatusCode,
            Issue: call.StatusCode == StatusCodes.Status200OK ? null : Issues(call.ResponseJson),
            TokenUse: call.TokenUse ?? CrdDataUse.NotUsed,
            Resources: call.ResourcesJson is null
                ? null
                : JsonSerializer.Deserialize<List<CrdResourceUse>>(call.ResourcesJson, CrdMetricJson.Options),
            Request: orders.Select(order => Request(order, response, feedbackByCard)).ToList()
        );
    }

    /// <summary>The draft orders of a stored request (FHIR, read by Firely).</summary>
    private static List<Resource> DraftOrders(CdsHookRequest? request) =>
        request?.Context.DraftOrders is { } draftOrders
        && FhirJson.TryParse(System.Text.Encoding.UTF8.GetBytes(draftOrders.GetRawText()), out var resource, out _)
        && resource is Bundle bundle
            ? bundle.Entry.Select(e => e.Resource).OfType<Resource>().ToList()
            : [];

    private static MetricRequest Request(
        Resource order,
        CdsResponse? response,
        IReadOnlyDictionary<string, CardFeedback> feedbackByCard
    )
    {
        var type = order.TypeName;
        var reference = $"{type}/{order.Id}";
        var responses = new List<MetricResponse>();

        foreach (var card in response?.Cards ?? [])
        {
            if (card.Extension?.AssociatedResource.Any(r => r.Reference == reference) != true)
                continue;
            feedbackByCard.TryGetValue(card.Uuid, out var feedback);
            responses.Add(
                new MetricResponse(
                    card.Source.Topic?.Code,
                    [type],
                    Engagement(feedback),
                    null,
                    AcceptedSuggestions(card, feedback)
                )
            );
        }

        foreach (var action in response?.SystemActions ?? [])
        {
            if (action.Resource?.Header() is not { } resource || resource.Reference != reference)
                continue;
            var coverage = (resource.Extension ?? [])
                .Where(e => e.Url == CoverageInformationExtension.Url)
                .Select(CoverageInfo)
                .ToList();
            responses.Add(new MetricResponse("coverage-info", [type], null, coverage));
        }

        var code = order is ServiceRequest { Code: { } coded } ? JsonNode.Parse(coded.ToJson()) : null;
        return new MetricRequest(
            type,
            code ?? new JsonObject { ["text"] = "not coded" },
            responses.Count == 0 ? null : responses
        );
    }

    private static MetricCoverageInfo CoverageInfo(FhirExtension extension)
    {
        var parts = extension.Extension ?? [];
        string? Code(string url) => parts.Where(p => p.Url == url).Select(p => p.ValueCode).FirstOrDefault();
        var questionnaires = parts
            .Where(p => p.Url == "questionnaire" && p.ValueCanonical is not null)
            .Select(p => new MetricQuestionnaire(p.ValueCanonical!, Adaptive: false, Response: false))
            .ToList();
        return new MetricCoverageInfo(
            Code("covered"),
            Code("pa-needed"),
            Code("doc-needed"),
            Code("info-needed"),
            questionnaires.Count == 0 ? null : questionnaires,
            parts.Where(p => p.Url == "coverage-assertion-id").Select(p => p.ValueString).FirstOrDefault() ?? ""
        );
    }

    /// <summary>CDS Hooks feedback knows accepted and overridden; a card without feedback counts as ignored.</summary>
    private static string Engagement(CardFeedback? feedback) =>
        feedback?.Outcome switch
        {
            "accepted" => "accept",
            "overridden" => "override",
            _ => "ignore",
        };

    private static IReadOnlyList<string>? AcceptedSuggestions(CdsCard card, CardFeedback? feedback)
    {
        if (feedback?.AcceptedSuggestionsJson is null)
            return null;
        IReadOnlyList<CdsAcceptedSuggestion>? accepted;
        try
        {
            accepted = JsonSerializer.Deserialize(
                feedback.AcceptedSuggestionsJson,
                CdsHooksJsonContext.Default.IReadOnlyListCdsAcceptedSuggestion
            );
        }
        catch (JsonException)
        {
            return null;
        }
        var ids = (accepted ?? []).Select(s => s.Id).ToHashSet();
        var labels = (card.Suggestions ?? []).Where(s => ids.Contains(s.Uuid)).Select(s => s.Label).ToList();
        return labels.Count == 0 ? null : labels;
    }

    /// <summary>An error answer is a FHIR OperationOutcome: its issues, read by Firely.</summary>
    private static List<MetricIssue> Issues(string? responseJson) =>
        responseJson is not null
        && FhirJson.TryParse(System.Text.Encoding.UTF8.GetBytes(responseJson), out var resource, out _)
        && resource is OperationOutcome outcome
            ? outcome
                .Issue.Select(i => new MetricIssue(
                    i.CodeElement?.JsonValue as string ?? "unknown",
                    i.Details is null ? null : JsonNode.Parse(i.Details.ToJson())
                ))
                .ToList()
            : [];
}
