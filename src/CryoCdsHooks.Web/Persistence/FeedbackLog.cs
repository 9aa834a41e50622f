using Microsoft.EntityFrameworkCore;

namespace CryoCdsHooks.Web.Persistence;

/// <summary>Card feedback: accepted only for cards the client was given, stored once per entry.</summary>
public sealed class FeedbackLog(AuditDbContext db)
{
    /// <summary>
    /// Positions of the entries whose card this service never gave this client (another client's, or invented).
    /// </summary>
    public async Task<IReadOnlyList<int>> UnknownCardsAsync(
        string clientId,
        string serviceId,
        IReadOnlyList<CardFeedback> entries,
        CancellationToken ct
    )
    {
        var uuids = entries.Select(e => e.CardUuid).Distinct().ToList();
        var issued = (
            await db
                .IssuedCards.AsNoTracking()
                .Where(c => c.ClientId == clientId && c.ServiceId == serviceId && uuids.Contains(c.CardUuid))
                .Select(c => c.CardUuid)
                .ToListAsync(ct)
        ).ToHashSet();
        return entries
            .Select((entry, index) => (entry, index))
            .Where(x => !issued.Contains(x.entry.CardUuid))
            .Select(x => x.index)
            .ToList();
    }

    /// <summary>
    /// Stores a post's entries in one transaction; an entry already stored (a resent post, or a repeat within
    /// this one: the same card, outcome and instant) is skipped. Returns how many were stored.
    /// </summary>
    public async Task<int> StoreAsync(
        string clientId,
        string serviceId,
        IReadOnlyList<CardFeedback> entries,
        CancellationToken ct
    )
    {
        var uuids = entries.Select(e => e.CardUuid).Distinct().ToList();
        for (var attempt = 1; ; attempt++)
        {
            var stored = await db
                .CardFeedback.AsNoTracking()
                .Where(f => f.ClientId == clientId && f.ServiceId == serviceId && uuids.Contains(f.CardUuid))
                .Select(f => new
                {
                    f.CardUuid,
                    f.Outcome,
                    f.OutcomeTimestamp,
                })
                .ToListAsync(ct);
            // As instants: older rows may hold the timestamp as it was sent.
            var known = stored.Select(f => (f.CardUuid, f.Outcome, IsoInstant.Of(f.OutcomeTimestamp))).ToHashSet();
            var fresh = entries
                .DistinctBy(e => (e.CardUuid, e.Outcome, IsoInstant.Of(e.OutcomeTimestamp)))
                .Where(e => !known.Contains((e.CardUuid, e.Outcome, IsoInstant.Of(e.OutcomeTimestamp))))
                .ToList();
            db.CardFeedback.AddRange(fresh);
            try
            {
                await db.SaveChangesAsync(ct);
                return fresh.Count;
            }
            catch (DbUpdateException) when (attempt == 1)
            {
                // A concurrent post stored one of these entries first: look again. Any other failure repeats on
                // the second attempt and is not caught then: the client must not get a 200 for lost feedback.
                db.ChangeTracker.Clear();
            }
        }
    }
}
