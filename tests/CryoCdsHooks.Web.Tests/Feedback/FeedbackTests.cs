using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace CryoCdsHooks.Web.Tests;

public sealed class FeedbackTests(CdsServiceFactoryFixture fixture) : IClassFixture<CdsServiceFactoryFixture>
{
    private const string Path = HookClient.OrderSign + "/feedback";

    private static JsonObject Feedback(string card, string outcome = "accepted") =>
        new()
        {
            ["feedback"] = new JsonArray(
                new JsonObject
                {
                    ["card"] = card,
                    ["outcome"] = outcome,
                    ["acceptedSuggestions"] =
                        outcome == "accepted"
                            ? new JsonArray(new JsonObject { ["id"] = Guid.NewGuid().ToString() })
                            : null,
                    ["overrideReason"] =
                        outcome == "overridden"
                            ? new JsonObject
                            {
                                ["reason"] = new JsonObject
                                {
                                    ["code"] = "patient-refused",
                                    ["system"] = "http://example.org",
                                    ["display"] = "Patient refused",
                                },
                            }
                            : null,
                    ["outcomeTimestamp"] = "2026-11-20T10:15:00Z",
                }
            ),
        };

    [Fact]
    public async Task Feedback_is_stored_once_even_when_repeated()
    {
        var card = await fixture.Client.IssuedCardAsync();

        var first = await fixture.Client.PostJsonAsync(Path, Feedback(card));
        var second = await fixture.Client.PostJsonAsync(Path, Feedback(card));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(
            1,
            await fixture.Factory.QueryAuditAsync(db => db.CardFeedback.CountAsync(f => f.CardUuid == card))
        );
    }

    [Fact]
    public async Task A_repeated_entry_does_not_stop_new_entries_in_the_same_body_from_being_stored()
    {
        var known = await fixture.Client.IssuedCardAsync();
        var fresh = await fixture.Client.IssuedCardAsync();
        await fixture.Client.PostJsonAsync(Path, Feedback(known));
        var body = Feedback(known);
        body["feedback"]!.AsArray().Add(Feedback(fresh)["feedback"]![0]!.DeepClone());

        var response = await fixture.Client.PostJsonAsync(Path, body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, (int)(await response.ReadJsonAsync())["stored"]!);
        Assert.Equal(
            1,
            await fixture.Factory.QueryAuditAsync(db => db.CardFeedback.CountAsync(f => f.CardUuid == fresh))
        );
    }

    [Fact]
    public async Task Overridden_feedback_keeps_the_override_reason()
    {
        var card = await fixture.Client.IssuedCardAsync();

        var response = await fixture.Client.PostJsonAsync(Path, Feedback(card, "overridden"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = await fixture.Factory.QueryAuditAsync(db => db.CardFeedback.SingleAsync(f => f.CardUuid == card));
        Assert.Contains("patient-refused", stored.OverrideReasonJson);
    }

    public static TheoryData<Action<JsonObject>> InvalidFeedback() =>
        new()
        {
            f => f.Remove("feedback"),
            f => f["feedback"] = new JsonArray(),
            f => f["feedback"]![0]!["outcome"] = "ignored",
            f => f["feedback"]![0]!.AsObject().Remove("card"),
            f => f["feedback"]![0]!["outcomeTimestamp"] = "yesterday",
            f => f["feedback"]![0]!.AsObject().Remove("acceptedSuggestions"),
        };

    [Theory]
    [MemberData(nameof(InvalidFeedback))]
    public async Task Invalid_feedback_gets_400_and_stores_nothing(Action<JsonObject> breakFeedback)
    {
        var card = await fixture.Client.IssuedCardAsync();
        var feedback = Feedback(card);
        breakFeedback(feedback);

        var response = await fixture.Client.PostJsonAsync(Path, feedback);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(
            0,
            await fixture.Factory.QueryAuditAsync(db => db.CardFeedback.CountAsync(f => f.CardUuid == card))
        );
    }

    [Fact]
    public async Task Feedback_on_a_card_never_given_gets_404_and_stores_nothing_of_the_post()
    {
        var given = await fixture.Client.IssuedCardAsync();
        var invented = Guid.NewGuid().ToString();
        var body = Feedback(given);
        body["feedback"]!.AsArray().Add(Feedback(invented)["feedback"]![0]!.DeepClone());

        var response = await fixture.Client.PostJsonAsync(Path, body);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var outcome = await response.ReadJsonAsync();
        Assert.Equal("feedback[1].card", (string?)outcome["issue"]![0]!["expression"]![0]);
        Assert.Equal(
            0,
            await fixture.Factory.QueryAuditAsync(db =>
                db.CardFeedback.CountAsync(f => f.CardUuid == given || f.CardUuid == invented)
            )
        );
    }

    [Theory]
    [InlineData(50, HttpStatusCode.OK)]
    [InlineData(51, HttpStatusCode.BadRequest)]
    public async Task A_post_holds_at_most_50_entries(int entries, HttpStatusCode expected)
    {
        var card = await fixture.Client.IssuedCardAsync();
        var body = new JsonObject
        {
            ["feedback"] = new JsonArray(
                Enumerable
                    .Range(0, entries)
                    .Select(i =>
                        (JsonNode)
                            new JsonObject
                            {
                                ["card"] = card,
                                ["outcome"] = "overridden",
                                ["outcomeTimestamp"] = $"2026-11-20T10:{i / 60:00}:{i % 60:00}Z",
                            }
                    )
                    .ToArray()
            ),
        };

        var response = await fixture.Client.PostJsonAsync(Path, body);

        Assert.Equal(expected, response.StatusCode);
        var stored = await fixture.Factory.QueryAuditAsync(db => db.CardFeedback.CountAsync(f => f.CardUuid == card));
        Assert.Equal(expected == HttpStatusCode.OK ? entries : 0, stored);
        if (expected != HttpStatusCode.OK)
            Assert.Equal("too-costly", (string?)(await response.ReadJsonAsync())["issue"]![0]!["code"]);
    }

    [Fact]
    public async Task Feedback_for_an_unknown_service_gets_404()
    {
        var response = await fixture.Client.PostJsonAsync(
            "/cds-services/nope/feedback",
            Feedback(Guid.NewGuid().ToString())
        );

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
