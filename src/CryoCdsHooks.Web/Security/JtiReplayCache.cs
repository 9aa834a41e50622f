using System.Collections.Concurrent;
using CryoCdsHooks.Web.Persistence;
using Microsoft.Extensions.Options;

namespace CryoCdsHooks.Web.Security;

/// <summary>
/// Remembers each accepted token's (<c>iss</c>, <c>jti</c>) until the token expires, so a captured JWT cannot be
/// replayed. In memory for a single process (SQLite); on PostgreSQL, where several replicas run, in the shared
/// database (<see cref="SharedSecurityState"/>). Its size is bounded by CdsClients:MaxTokenLifetime.
/// </summary>
internal sealed class JtiReplayCache(
    TimeProvider time,
    IOptions<PersistenceOptions> persistence,
    SharedSecurityState shared
)
{
    /// <summary>
    /// True the first time a (issuer, jti) is seen before <paramref name="forgetAfter"/>; false for a replay.
    /// </summary>
    public Task<bool> TryRecordAsync(string issuer, string jti, DateTimeOffset forgetAfter, CancellationToken ct) =>
        persistence.Value.Provider == DatabaseProvider.PostgreSql
            ? shared.TryRecordTokenAsync(issuer, jti, forgetAfter, ct)
            : Task.FromResult(TryRecord(issuer, jti, forgetAfter));

    private static readonly TimeSpan PurgeInterval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<(string Issuer, string Jti), DateTimeOffset> _seen = new();
    private long _nextPurgeTicks;

    private bool TryRecord(string issuer, string jti, DateTimeOffset forgetAfter)
    {
        var now = time.GetUtcNow();
        PurgeExpired(now);
        var key = (issuer, jti);
        if (_seen.TryAdd(key, forgetAfter))
            return true;
        // An expired entry the purge has not reached yet is no replay: expired tokens are rejected before this point.
        return _seen.TryGetValue(key, out var until) && until < now && _seen.TryUpdate(key, forgetAfter, until);
    }

    private void PurgeExpired(DateTimeOffset now)
    {
        var next = Interlocked.Read(ref _nextPurgeTicks);
        if (
            now.UtcTicks < next
            || Interlocked.CompareExchange(ref _nextPurgeTicks, (now + PurgeInterval).UtcTicks, next) != next
        )
            return;
        foreach (var (key, until) in _seen)
        {
            if (until < now)
                _seen.TryRemove(new KeyValuePair<(string, string), DateTimeOffset>(key, until));
        }
    }
}
