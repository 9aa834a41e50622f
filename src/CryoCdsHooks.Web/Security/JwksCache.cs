using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace CryoCdsHooks.Web.Security;

/// <summary>
/// JWK Sets fetched from client URLs (<c>JwksUrl</c> or an allowed <c>jku</c>), cached for
/// <see cref="CdsClientOptions.JwksCacheDuration"/>. A token with an unknown <c>kid</c> may force a refetch
/// (key rotation), but at most once per <see cref="CdsClientOptions.JwksMinimumRefreshInterval"/> per URL,
/// so bogus kids cannot turn us into a request amplifier.
/// </summary>
internal sealed partial class JwksCache(
    IHttpClientFactory httpClients,
    IOptionsMonitor<CdsClientOptions> options,
    TimeProvider time,
    ILogger<JwksCache> logger
)
{
    public const string HttpClientName = "cds-client-jwks";

    private sealed record CachedKeys(IReadOnlyList<JsonWebKey> Keys, DateTimeOffset FetchedAt);

    private readonly ConcurrentDictionary<string, CachedKeys> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _fetchLocks = new(StringComparer.Ordinal);

    /// <summary>
    /// The keys published at <paramref name="url"/>; null when they cannot be fetched and none are cached.
    /// </summary>
    public async Task<IReadOnlyList<JsonWebKey>?> GetAsync(string url, bool refresh, CancellationToken ct)
    {
        if (Fresh(url, refresh) is { } cached)
            return cached.Keys;

        var fetchLock = _fetchLocks.GetOrAdd(url, _ => new SemaphoreSlim(1, 1));
        await fetchLock.WaitAsync(ct);
        try
        {
            // Another request may have fetched while we waited.
            if (Fresh(url, refresh) is { } fetched)
                return fetched.Keys;
            var keys = await FetchAsync(url, ct);
            if (keys is not null)
                _cache[url] = new CachedKeys(keys, time.GetUtcNow());
            // A failed fetch keeps serving the last good keys: a JWKS host outage should not lock every client out.
            return keys ?? (_cache.TryGetValue(url, out var stale) ? stale.Keys : null);
        }
        finally
        {
            fetchLock.Release();
        }
    }

    private CachedKeys? Fresh(string url, bool refresh)
    {
        if (!_cache.TryGetValue(url, out var cached))
            return null;
        var age = time.GetUtcNow() - cached.FetchedAt;
        var current = options.CurrentValue;
        return age < (refresh ? current.JwksMinimumRefreshInterval : current.JwksCacheDuration) ? cached : null;
    }

    private async Task<IReadOnlyList<JsonWebKey>?> FetchAsync(string url, CancellationToken ct)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(options.CurrentValue.JwksFetchTimeout);
            // The named client caps the body (CdsClients:MaxJwksBytes): an oversized JWKS fails as
            // HttpRequestException.
            using var response = await httpClients.CreateClient(HttpClientName).GetAsync(url, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                FetchFailed(logger, url, $"HTTP {(int)response.StatusCode}");
                return null;
            }

            var json = await response.Content.ReadAsStringAsync(timeout.Token);
            var keys = JwksKeys.Parse(json, out _);
            if (keys is null)
                FetchFailed(logger, url, "not a usable JWK Set");
            else
                Fetched(logger, url, keys.Count);
            return keys;
        }
        catch (Exception e)
            when (e is HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            FetchFailed(logger, url, e.GetType().Name);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Fetched JWK Set {Url} with {KeyCount} keys")]
    private static partial void Fetched(ILogger logger, string url, int keyCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not fetch JWK Set {Url}: {Reason}")]
    private static partial void FetchFailed(ILogger logger, string url, string reason);
}
