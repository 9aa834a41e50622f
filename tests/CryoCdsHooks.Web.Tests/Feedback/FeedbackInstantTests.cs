using System.Net;
using System.Text.Json.Nodes;
using CryoCdsHooks.Web.Persistence;
using CryoCdsHooks.Web.Tests.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CryoCdsHooks.Web.Tests;

/// <summary>
/// A feedback outcomeTimestamp is an instant (docs/crd-metrics.md): the same instant written two ways is one
/// feedback, and the latest feedback per card is the latest instant, not the greatest text; on both databases.
/// </summary>
public sealed class FeedbackInstantTests(ServicePerProvider services) : IClassFixture<ServicePerProvider>
{
    private const string Path = HookClient.OrderSign + "/feedback";

    private static JsonObject Feedback(string card, string outcome, string timestamp) =>
        new()
        {
            ["feedback"] = new JsonArray(
                new JsonObject
                {
                    ["card"] = card,
                    ["outcome"] = outcome,
                    ["outcomeTimestamp"] = timestamp,
                    ["acceptedSuggestions"] = outcome == "accepted" ? new JsonArray() : null,
                }
            ),
        };

    [Theory, InSqlite, InPostgreSql]
    public async Task The_same_instant_written_two_ways_is_one_feedback(DatabaseProvider provider)
    {
        var service = await services.GetAsync(provider);
        var card = await service.Client.IssuedCardAsync();

        var stored = new List<int>();
        foreach (
            var timestamp in new[]
            {
                "2026-11-20T10:15:00+02:00",
                "2026-11-20T08:15:00Z",
                "2026-11-20T08:15:00.000-00:00",
                "2026-11-20T08:15",
            }
        )
        {
            var response = await service.Client.PostJsonAsync(Path, Feedback(card, "overridden", timestamp));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            stored.Add((int)(await response.ReadJsonAsync())["stored"]!);
        }

        Assert.Equal([1, 0, 0, 0], stored);
        var row = await service.Factory.QueryAuditAsync(db => db.CardFeedback.SingleAsync(f => f.CardUuid == card));
        Assert.Equal("2026-11-20T08:15:00.0000000Z", row.OutcomeTimestamp);
    }

    [Theory, InSqlite, InPostgreSql]
    public async Task Two_instants_in_one_post_are_two_feedbacks_and_one_instant_twice_is_one(DatabaseProvider provider)
    {
        var service = await services.GetAsync(provider);
        var card = await service.Client.IssuedCardAsync();
        var body = Feedback(card, "overridden", "2026-11-20T10:15:00+02:00");
        var entries = body["feedback"]!.AsArray();
        entries.Add(Feedback(card, "overridden", "2026-11-20T08:15:00Z")["feedback"]![0]!.DeepClone());
        entries.Add(Feedback(card, "overridden", "2026-11-20T10:15:00Z")["feedback"]![0]!.DeepClone());

        var response = await service.Client.PostJsonAsync(Path, body);

        Assert.Equal(2, (int)(await response.ReadJsonAsync())["stored"]!);
    }

    [Theory, InSqlite, InPostgreSql]
    public async Task The_latest_feedback_per_card_in_CRD_metrics_is_the_latest_instant(DatabaseProvider provider)
    {
        var service = await services.GetAsync(provider);
        var hookInstance = Guid.NewGuid().ToString();
        var patient = new PatientScenario();
        // conditional: the answer has an alternatives card
        patient.Observations.RemoveAll(o => (string?)o["id"] == "att-1");
        var answer = await (
            await service.Client.PostJsonAsync(HookClient.OrderSign, patient.OrderSign(hookInstance))
        ).ReadJsonAsync();
        var card = (string)
            HookClient.Cards(answer).Single(c => HookClient.TopicOf(c) == "therapy-alternatives-opt")["uuid"]!;

        // As text "14:00+02:00" sorts after "13:00Z"; as instants the accept (12:00 UTC) came before the override.
        // The accept is a row stored as sent (as before timestamps had one stored form), the override comes now.
        await StoredAsSentAsync(service, card, "accepted", "2026-11-20T14:00:00+02:00");
        await service.Client.PostJsonAsync(Path, Feedback(card, "overridden", "2026-11-20T13:00:00Z"));

        var export = await (await service.Client.GetAsync("/crd-metrics")).ReadJsonAsync();
        var record = export["records"]!.AsArray().Single(r => (string?)r!["hookInstance"] == hookInstance)!;
        var alternatives = record["request"]![0]!["response"]!
            .AsArray()
            .Single(r => (string?)r!["type"] == "therapy-alternatives-opt")!;
        Assert.Equal("override", (string?)alternatives["engagement"]);
    }

    [Theory, InSqlite, InPostgreSql]
    public async Task Rows_stored_as_sent_before_are_compared_as_instants_too(DatabaseProvider provider)
    {
        var service = await services.GetAsync(provider);
        var card = await service.Client.IssuedCardAsync();
        await StoredAsSentAsync(service, card, "overridden", "2026-11-20T10:15:00+02:00");

        var response = await service.Client.PostJsonAsync(Path, Feedback(card, "overridden", "2026-11-20T08:15:00Z"));

        Assert.Equal(0, (int)(await response.ReadJsonAsync())["stored"]!);
    }

    private static Task<int> StoredAsSentAsync(
        ServiceOnDatabase service,
        string card,
        string outcome,
        string timestamp
    ) =>
        service.Factory.QueryAuditAsync(db =>
        {
            db.CardFeedback.Add(
                new CardFeedback
                {
                    ServiceId = "cryoablation-order-sign",
                    CardUuid = card,
                    Outcome = outcome,
                    OutcomeTimestamp = timestamp,
                    AcceptedSuggestionsJson = outcome == "accepted" ? "[]" : null,
                    ReceivedAt = DateTimeOffset.UtcNow,
                }
            );
            return db.SaveChangesAsync();
        });

    [Theory]
    [InlineData("0001-01-01T00:00:00+01:00")] // before the calendar's start once in UTC
    [InlineData("9999-12-31T23:59:59-14:00")] // after its end
    [InlineData("11/20/2026 10:15")]
    [InlineData("2026-11-20")]
    public async Task A_timestamp_that_is_no_ISO_8601_instant_in_the_calendar_gets_400(string timestamp)
    {
        var service = await services.GetAsync(DatabaseProvider.Sqlite);
        var card = await service.Client.IssuedCardAsync();

        var response = await service.Client.PostJsonAsync(Path, Feedback(card, "overridden", timestamp));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(
            "feedback[0].outcomeTimestamp",
            (string?)(await response.ReadJsonAsync())["issue"]![0]!["expression"]![0]
        );
    }
}
