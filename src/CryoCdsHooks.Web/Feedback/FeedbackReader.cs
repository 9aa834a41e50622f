using System.Text.Json;
using CryoCdsHooks.Web.Hosting;
using CryoCdsHooks.Web.Persistence;

namespace CryoCdsHooks.Web.Feedback;

internal static class FeedbackReader
{
    /// <summary>Entries accepted in one post: a clinician acts on a handful of cards at a time.</summary>
    public const int MaxEntries = 50;

    public static (List<CardFeedback> Entries, List<RequestIssue> Issues) Read(
        JsonElement root,
        string serviceId,
        string clientId,
        DateTimeOffset now
    )
    {
        var entries = new List<CardFeedback>();
        var issues = new List<RequestIssue>();
        if (
            root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("feedback", out var feedback)
            || feedback.ValueKind != JsonValueKind.Array
            || feedback.GetArrayLength() == 0
        )
        {
            issues.Add(
                new("required", "feedback", "The body must be {\"feedback\": [ ... ]} with at least one entry.")
            );
            return (entries, issues);
        }
        if (feedback.GetArrayLength() > MaxEntries)
        {
            issues.Add(
                new(
                    "too-costly",
                    "feedback",
                    $"At most {MaxEntries} feedback entries per post; send the rest in further posts."
                )
            );
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
            if (card is null)
                issues.Add(new("required", $"{path}.card", "card (the card's uuid) is required."));
            if (outcome is not ("accepted" or "overridden"))
            {
                issues.Add(new("invalid", $"{path}.outcome", "outcome must be 'accepted' or 'overridden'."));
            }
            var instant = default(DateTimeOffset);
            if (timestamp is null || !IsoInstant.TryRead(timestamp, out instant))
            {
                issues.Add(
                    new(
                        "invalid",
                        $"{path}.outcomeTimestamp",
                        "outcomeTimestamp must be an ISO 8601 date-time (2026-11-20T10:15:00Z)."
                    )
                );
            }

            var accepted = Array(item, "acceptedSuggestions");
            if (outcome == "accepted" && accepted is null)
            {
                issues.Add(
                    new(
                        "required",
                        $"{path}.acceptedSuggestions",
                        "acceptedSuggestions is required when outcome is 'accepted'."
                    )
                );
            }
            else if (
                accepted is { } suggestions
                && suggestions.EnumerateArray().Any(s => s.ValueKind != JsonValueKind.Object || Text(s, "id") is null)
            )
            {
                issues.Add(
                    new(
                        "invalid",
                        $"{path}.acceptedSuggestions",
                        "Each accepted suggestion must be {\"id\": \"<suggestion uuid>\"}."
                    )
                );
            }

            var overrideReason =
                item.TryGetProperty("overrideReason", out var reason) && reason.ValueKind != JsonValueKind.Null
                    ? reason
                    : (JsonElement?)null;
            if (overrideReason is { ValueKind: not JsonValueKind.Object })
            {
                issues.Add(new("invalid", $"{path}.overrideReason", "overrideReason must be an object."));
            }

            if (issues.Count > 0)
                continue;
            entries.Add(
                new CardFeedback
                {
                    ClientId = clientId,
                    ServiceId = serviceId,
                    CardUuid = card!,
                    Outcome = outcome!,
                    OutcomeTimestamp = IsoInstant.ToStored(instant),
                    AcceptedSuggestionsJson = accepted?.GetRawText(),
                    OverrideReasonJson = overrideReason?.GetRawText(),
                    ReceivedAt = now,
                }
            );
        }
        return (entries, issues);
    }

    private static string? Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.String
        && value.GetString() is { Length: > 0 } text
            ? text
            : null;

    private static JsonElement? Array(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? value : null;
}
