using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace CryoCdsHooks.Web.Smart;

/// <summary>
/// Each FHIR server's smart-configuration, kept as long as its <c>Cache-Control</c> (or <c>Expires</c>) allows and
/// never longer than <see cref="SmartOptions.DiscoveryCacheLifetime"/>, for at most
/// <see cref="SmartOptions.DiscoveryCacheMaxEntries"/> servers. Launches that arrive while a server is being read
/// share that one read, so a burst of launches makes one outbound request, not one each.
/// </summary>
internal sealed class SmartConfigurationCache(TimeProvider time, IOptionsMonitor<SmartOptions> options)
{
    private sealed record Entry(SmartConfiguration Configuration, DateTimeOffset ExpiresAt);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<SmartConfiguration>>> _reads = new(StringComparer.Ordinal);

    /// <param name="server">The FHIR server's base URL (the cache key).</param>
    /// <param name="read">Reads it; not cancelled when one waiting launch goes away (its own deadline bounds
    /// it).</param>
    public async Task<SmartConfiguration> GetAsync(
        string server,
        Func<Task<DiscoveredConfiguration>> read,
        CancellationToken ct
    )
    {
        if (_entries.TryGetValue(server, out var entry) && entry.ExpiresAt > time.GetUtcNow())
            return entry.Configuration;
        var shared = _reads.GetOrAdd(server, key => new Lazy<Task<SmartConfiguration>>(() =>
            ReadAndKeepAsync(key, read)
        ));
        return await shared.Value.WaitAsync(ct);
    }

    private async Task<SmartConfiguration> ReadAndKeepAsync(string server, Func<Task<DiscoveredConfiguration>> read)
    {
        try
        {
            var discovered = await read();
            Keep(
                server,
                discovered.Configuration,
                Lifetime(discovered.CacheControl, discovered.ExpiresIn, options.CurrentValue.DiscoveryCacheLifetime)
            );
            return discovered.Configuration;
        }
        finally
        {
            _reads.TryRemove(server, out _);
        }
    }

    private void Keep(string server, SmartConfiguration configuration, TimeSpan lifetime)
    {
        if (lifetime <= TimeSpan.Zero)
        {
            _entries.TryRemove(server, out _);
            return;
        }
        var now = time.GetUtcNow();
        var maxEntries = options.CurrentValue.DiscoveryCacheMaxEntries;
        if (!_entries.ContainsKey(server) && _entries.Count >= maxEntries)
        {
            foreach (var (key, old) in _entries)
            {
                if (old.ExpiresAt <= now)
                    _entries.TryRemove(key, out _);
            }
            // Full of live entries: this server is read again at its next launch rather than growing the cache.
            if (_entries.Count >= maxEntries)
                return;
        }
        _entries[server] = new Entry(configuration, now + lifetime);
    }

    /// <summary>
    /// How long a read may be reused (RFC 9111, as a private cache of this service): no-store and no-cache mean not at
    /// all; else max-age, else Expires, capped at <paramref name="longest"/>; with neither, <paramref name="longest"/>.
    /// </summary>
    internal static TimeSpan Lifetime(CacheControlHeaderValue? cacheControl, TimeSpan? expiresIn, TimeSpan longest)
    {
        if (cacheControl is { NoStore: true } or { NoCache: true })
            return TimeSpan.Zero;
        var allowed = cacheControl?.MaxAge ?? expiresIn ?? longest;
        return allowed < longest ? allowed : longest;
    }
}
