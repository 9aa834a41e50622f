using System.Text.Json;
using CryoCdsHooks.Web.Discovery;
using CryoCdsHooks.Web.Hosting;
using CryoCdsHooks.Web.Persistence;
using Microsoft.EntityFrameworkCore;

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

    private static async Task<IResult> HandleAsync(string id, HttpContext http, JsonRequestBody body, AuditDbContext db,
        TimeProvider time, CancellationToken ct)
    {
        if (CdsServiceCatalog.Find(id) is null) return OperationOutcomes.UnknownService(http, id);

        var (document, error) = await body.ReadAsync(http, ct);
        using var _ = document;
        if (error is not null) return error;

        var (entries, issues) = FeedbackReader.Read(document!.RootElement, id, time.GetUtcNow());
        if (issues.Count > 0) return OperationOutcomes.Error(http, StatusCodes.Status400BadRequest, "Invalid feedback", issues);

        var stored = 0;
        // The same feedback may be repeated within one body as well as across calls. Each entry is committed on
        // its own so that one duplicate can never take the others down with it.
        foreach (var entry in entries.DistinctBy(e => (e.CardUuid, e.Outcome, e.OutcomeTimestamp)))
        {
            if (await IsStoredAsync(db, entry, ct)) continue;
            db.CardFeedback.Add(entry);
            try
            {
                await db.SaveChangesAsync(ct);
                stored++;
            }
            catch (DbUpdateException)
            {
                // A concurrent duplicate won the unique index: the feedback is stored either way. Any other
                // failure (disk full, database down) is rethrown: the client must not get a 200 for lost data.
                db.ChangeTracker.Clear();
                if (!await IsStoredAsync(db, entry, ct)) throw;
            }
        }
        return Results.Json(new { received = entries.Count, stored });
    }

    private static Task<bool> IsStoredAsync(AuditDbContext db, CardFeedback entry, CancellationToken ct) =>
        db.CardFeedback.AnyAsync(f => f.ServiceId == entry.ServiceId && f.CardUuid == entry.CardUuid
            && f.Outcome == entry.Outcome && f.OutcomeTimestamp == entry.OutcomeTimestamp, ct);
}

internal static class FeedbackReader
{
    public static (List<CardFeedback> Entries, List<RequestIssue> Issues) Read(JsonElement root, string serviceId, DateTimeOffset now)
    {
        var entries = new List<CardFeedback>();
        var issues = new List<RequestIssue>();
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("feedback", out var feedback)
            || feedback.ValueKind != JsonValueKind.Array || feedback.GetArrayLength() == 0)
        {
            issues.Add(new("required", "feedback", "The body must be {\"feedback\": [ ... ]} with at least one entry."));
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
