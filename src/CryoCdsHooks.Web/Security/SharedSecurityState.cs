using System.Security.Cryptography;
using System.Text;
using CryoCdsHooks.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CryoCdsHooks.Web.Security;

/// <summary>
/// The jti replay cache and the per-client request windows in the audit database, which every replica shares:
/// a token replayed to another replica is refused, and a client's budget is one budget however many replicas
/// serve it. Used when the database is PostgreSQL (the several-replica deployment); SQLite keeps them in memory.
/// </summary>
internal sealed class SharedSecurityState(IServiceScopeFactory scopes, TimeProvider time)
{
    /// <summary>
    /// True the first time a (issuer, jti) is seen before <paramref name="forgetAfter"/>, on any replica.
    /// </summary>
    public async Task<bool> TryRecordTokenAsync(
        string issuer,
        string jti,
        DateTimeOffset forgetAfter,
        CancellationToken ct
    )
    {
        var id = Hash(issuer, jti);
        var expires = forgetAfter.ToUnixTimeSeconds();
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuditDbContext>();
        // One statement, atomic on the server: inserted (or an expired entry taken over) means first use.
        var rows = await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO "UsedTokens" ("Id", "ExpiresAt") VALUES ({id}, {expires})
            ON CONFLICT ("Id") DO UPDATE SET "ExpiresAt" = excluded."ExpiresAt" WHERE "UsedTokens"."ExpiresAt" < {now}
            """,
            ct
        );
        return rows == 1;
    }

    /// <summary>
    /// Counts one request of <paramref name="partition"/> in the current window; returns the window's count so far.
    /// </summary>
    public async Task<int> CountRequestAsync(string partition, long windowStart, CancellationToken ct)
    {
        var key = Hash(partition);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuditDbContext>();
        var counts = await db
            .Database.SqlQuery<int>(
                $"""
                INSERT INTO "RateWindows" ("Partition", "WindowStart", "Count") VALUES ({key}, {windowStart}, 1)
                ON CONFLICT ("Partition", "WindowStart") DO UPDATE SET "Count" = "RateWindows"."Count" + 1
                RETURNING "Count" AS "Value"
                """
            )
            .ToListAsync(ct);
        return counts[0];
    }

    private static string Hash(params string[] parts) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', parts))));
}
