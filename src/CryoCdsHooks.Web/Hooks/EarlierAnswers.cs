using CryoCdsHooks.Web.Discovery;
using CryoCdsHooks.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CryoCdsHooks.Web.Hooks;

/// <summary>
/// What this client was told about the same orders before (the stored coverage assertions), so a later hook's card
/// can say what changed: "prior authorization conditional → auth-needed" once the procedure is booked. Only the
/// caller's own assertions about the same patient are read (the rule of GET /coverage-assertions/{id}).
/// </summary>
public sealed class EarlierAnswers(AuditDbContext db)
{
    public async Task<IReadOnlyDictionary<string, EarlierAnswer>> LatestAsync(
        string clientId,
        string patientId,
        IReadOnlyCollection<string> orderReferences,
        CancellationToken ct
    )
    {
        if (orderReferences.Count == 0)
            return new Dictionary<string, EarlierAnswer>();
        var rows = await db
            .CoverageAssertions.AsNoTracking()
            .Where(a =>
                a.ClientId == clientId && a.PatientId == patientId && orderReferences.Contains(a.OrderReference)
            )
            .Select(a => new
            {
                a.OrderReference,
                a.ServiceId,
                a.Covered,
                a.PaNeeded,
                a.CreatedAt,
            })
            .ToListAsync(ct);
        // Latest per order, chosen here: SQLite cannot order by a DateTimeOffset column.
        return rows.GroupBy(r => r.OrderReference, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g =>
                {
                    var latest = g.MaxBy(r => r.CreatedAt)!;
                    var hook = CdsServiceCatalog.Services.FirstOrDefault(s => s.ServiceId == latest.ServiceId)?.Hook
                        ?? latest.ServiceId;
                    return new EarlierAnswer(hook, latest.Covered, latest.PaNeeded, latest.CreatedAt);
                },
                StringComparer.Ordinal
            );
    }
}
