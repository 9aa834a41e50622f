using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using CryoCdsHooks.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CryoCdsHooks.Web.Tests.Persistence;

/// <summary>
/// The service as a real process, killed with SIGKILL in the middle of a burst of feedback writes: every
/// feedback it acknowledged with 200 must be in the database afterwards, and the service must start again on it.
/// Feedback is only taken for a card the client was given, so the burst is distinct outcomes on one issued card.
/// </summary>
public sealed class KillDuringWriteBurstTests
{
    private const int BurstSize = 300;
    private const int ConcurrentWriters = 6;
    private const int AcknowledgedBeforeKill = 100;

    [Theory, InSqlite, InPostgreSql]
    public async Task No_acknowledged_feedback_is_lost_when_the_process_is_killed(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var acknowledged = new ConcurrentBag<string>();

        string card;
        using (var service = await ServiceProcess.StartAsync(database))
        {
            card = await service.Client.IssuedCardAsync();
            var killed = new TaskCompletionSource();
            var next = 0;
            async Task WriteAsync()
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) <= BurstSize && !killed.Task.IsCompleted)
                {
                    var timestamp = OutcomeTimestamp(i);
                    try
                    {
                        using var response = await service.Client.PostJsonAsync(
                            HookClient.OrderSign + "/feedback",
                            Feedback(card, timestamp)
                        );
                        if (response.StatusCode != HttpStatusCode.OK)
                            continue;
                        acknowledged.Add(timestamp);
                        if (acknowledged.Count >= AcknowledgedBeforeKill && killed.TrySetResult())
                            service.Kill();
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        // The process is gone: this write was never acknowledged.
                    }
                }
            }

            await Task.WhenAll(Enumerable.Range(0, ConcurrentWriters).Select(_ => Task.Run(WriteAsync)));
            Assert.True(killed.Task.IsCompleted, $"The burst ended before the kill: {service.Output}");
        }

        Assert.InRange(acknowledged.Count, AcknowledgedBeforeKill, BurstSize - 1);
        await using (var db = database.OpenContext())
        {
            // Compared as instants: the service stores each timestamp in one UTC form.
            var timestamps = acknowledged.Select(IsoInstant.Of).ToList();
            var stored = (
                await db.CardFeedback.Where(f => f.CardUuid == card).Select(f => f.OutcomeTimestamp).ToListAsync()
            ).Select(IsoInstant.Of);
            Assert.Empty(timestamps.Except(stored));
        }

        // The database is usable after the crash: the service migrates, starts and writes again.
        using var restarted = await ServiceProcess.StartAsync(database);
        using var after = await restarted.Client.PostJsonAsync(
            HookClient.OrderSign + "/feedback",
            Feedback(card, OutcomeTimestamp(BurstSize + 1))
        );
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    private static string OutcomeTimestamp(int i) =>
        new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero).AddSeconds(i).ToString("yyyy-MM-ddTHH:mm:ssZ");

    private static JsonObject Feedback(string card, string outcomeTimestamp) =>
        new()
        {
            ["feedback"] = new JsonArray(
                new JsonObject
                {
                    ["card"] = card,
                    ["outcome"] = "accepted",
                    ["acceptedSuggestions"] = new JsonArray(new JsonObject { ["id"] = Guid.NewGuid().ToString() }),
                    ["outcomeTimestamp"] = outcomeTimestamp,
                }
            ),
        };
}
