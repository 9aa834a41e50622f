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
        // The latest row per order, chosen by the database (ROW_NUMBER over the index), so repeated calls for one
        // order do not make this read grow.
        // Only the columns the card needs: a row also holds the stored extension and the DTR decision basis.
        var latest = await db
            .CoverageAssertions.AsNoTracking()
            .Where(a =>
                a.ClientId == clientId && a.PatientId == patientId && orderReferences.Contains(a.OrderReference)
            )
            .GroupBy(a => a.OrderReference)
            .Select(g =>
                g.OrderByDescending(a => a.CreatedAt)
                    .Select(a => new
                    {
                        a.OrderReference,
                        a.ServiceId,
                        a.Covered,
                        a.PaNeeded,
                        a.CreatedAt,
                    })
                    .First()
            )
            .ToListAsync(ct);
        return latest.ToDictionary(
            a => a.OrderReference,
            a =>
            {
                var hook = CdsServiceCatalog.Services.FirstOrDefault(s => s.ServiceId == a.ServiceId)?.Hook
                    ?? a.ServiceId;
                return new EarlierAnswer(hook, a.Covered, a.PaNeeded, a.CreatedAt);
            },
            StringComparer.Ordinal
        );
    }
}
