using System.Text.Json;
using CryoCdsHooks.Web.Discovery;
using CryoCdsHooks.Web.Hosting;
using CryoCdsHooks.Web.Persistence;
using CryoCdsHooks.Web.Security;

namespace CryoCdsHooks.Web.Feedback;

/// <summary>CDS Hooks §Feedback: what the clinician did with our cards, stored durably and idempotently.</summary>
public static class FeedbackEndpoints
{
    public static IEndpointRouteBuilder MapFeedback(this IEndpointRouteBuilder app)
    {
        app.MapPost("/cds-services/{id}/feedback", HandleAsync)
            .WithName("CardFeedback")
            .WithSummary("Record whether cards were accepted or overridden")
            .Produces(StatusCodes.Status200OK)
            .Produces(StatusCodes.Status400BadRequest, contentType: OperationOutcomes.FhirJson)
            .Produces(StatusCodes.Status404NotFound, contentType: OperationOutcomes.FhirJson)
            .WithTags("CDS Hooks");
        return app;
    }

    private static async Task<IResult> HandleAsync(string id, HttpContext http, JsonRequestBody body, FeedbackLog feedback,
        TimeProvider time, CancellationToken ct)
    {
        if (CdsServiceCatalog.Find(id) is null) return OperationOutcomes.UnknownService(http, id);

        var (document, error) = await body.ReadAsync(http, ct);
        using var _ = document;
        if (error is not null) return error;

        var clientId = http.User.CdsClientId() ?? "";
        var (entries, issues) = FeedbackReader.Read(document!.RootElement, id, clientId, time.GetUtcNow());
        if (issues.Count > 0) return OperationOutcomes.Error(http, StatusCodes.Status400BadRequest, "Invalid feedback", issues);

        var unknown = await feedback.UnknownCardsAsync(clientId, id, entries, ct);
        if (unknown.Count > 0)
        {
            return OperationOutcomes.Error(http, StatusCodes.Status404NotFound, "Unknown card", unknown.Select(i =>
                new RequestIssue("not-found", $"feedback[{i}].card", "This service gave this client no card with this uuid.")).ToList());
        }
        var stored = await feedback.StoreAsync(clientId, id, entries, ct);
        return Results.Json(new { received = entries.Count, stored });
    }
}

internal static class FeedbackReader
{
    /// <summary>Entries accepted in one post: a clinician acts on a handful of cards at a time.</summary>
    public const int MaxEntries = 50;

    public static (List<CardFeedback> Entries, List<RequestIssue> Issues) Read(JsonElement root, string serviceId, string clientId, DateTimeOffset now)
    {
        var entries = new List<CardFeedback>();
        var issues = new List<RequestIssue>();
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("feedback", out var feedback)
            || feedback.ValueKind != JsonValueKind.Array || feedback.GetArrayLength() == 0)
        {
            issues.Add(new("required", "feedback", "The body must be {\"feedback\": [ ... ]} with at least one entry."));
            return (entries, issues);
        }
        if (feedback.GetArrayLength() > MaxEntries)
        {
            issues.Add(new("too-costly", "feedback", $"At most {MaxEntries} feedback entries per post; send the rest in further posts."));
            return (entries, issues);
        }

        var index = 0;
        foreach (var item in feedback.EnumerateArray())
        {
            var path = $"feedback[{index++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                issues.Add(new("structure", path, $"{path} must be an object."));
                continue;
            }

            var card = Text(item, "card");
            var outcome = Text(item, "outcome");
            var timestamp = Text(item, "outcomeTimestamp");
            if (card is null) issues.Add(new("required", $"{path}.card", "card (the card's uuid) is required."));
            if (outcome is not ("accepted" or "overridden"))
            {
                issues.Add(new("invalid", $"{path}.outcome", "outcome must be 'accepted' or 'overridden'."));
            }
            if (timestamp is null || !DateTimeOffset.TryParse(timestamp, out _))
            {
                issues.Add(new("invalid", $"{path}.outcomeTimestamp", "outcomeTimestamp must be an ISO 8601 date-time."));
            }

            var accepted = Array(item, "acceptedSuggestions");
            if (outcome == "accepted" && accepted is null)
            {
                issues.Add(new("required", $"{path}.acceptedSuggestions", "acceptedSuggestions is required when outcome is 'accepted'."));
            }
            else if (accepted is { } suggestions && suggestions.EnumerateArray().Any(s => s.ValueKind != JsonValueKind.Object || Text(s, "id") is null))
            {
                issues.Add(new("invalid", $"{path}.acceptedSuggestions", "Each accepted suggestion must be {\"id\": \"<suggestion uuid>\"}."));
            }

            var overrideReason = item.TryGetProperty("overrideReason", out var reason) && reason.ValueKind != JsonValueKind.Null ? reason : (JsonElement?)null;
            if (overrideReason is { ValueKind: not JsonValueKind.Object })
            {
                issues.Add(new("invalid", $"{path}.overrideReason", "overrideReason must be an object."));
            }

            if (issues.Count > 0) continue;
            entries.Add(new CardFeedback
            {
                ClientId = clientId,
                ServiceId = serviceId,
                CardUuid = card!,
                Outcome = outcome!,
                OutcomeTimestamp = timestamp!,
                AcceptedSuggestionsJson = accepted?.GetRawText(),
                OverrideReasonJson = overrideReason?.GetRawText(),
                ReceivedAt = now,
            });
        }
        return (entries, issues);
    }

    private static string? Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text : null;

    private static JsonElement? Array(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? value : null;
}
