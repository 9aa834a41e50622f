using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CryoCdsHooks.FhirAccess;
using CryoCdsHooks.PolicyEngine;
using CryoCdsHooks.Web.Hooks.Kinds;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.Web.Hooks;

/// <summary>
/// Answers order-sign from the order-select evaluation of the same orders when nothing the policy reads has
/// changed. The key is the caller (CDS client, FHIR server, patient) and a digest of every fact the engine sees:
/// the patient's record, every draft order as sent, and the evaluation date. The record is digested from the
/// prefetch bytes it was parsed from (re-serialising FHIR objects costs more than evaluating them), plus the
/// resources of any key read from the FHIR server. Any difference, even in formatting, gives another digest and so
/// a fresh evaluation. Held in this replica's memory only: a miss (restart, other replica) just evaluates.
/// </summary>
public sealed class OrderSelectReuse(IPolicyEngine engine, TimeProvider time)
{
    /// <summary>Order-sign normally follows order-select within minutes; older entries are not worth keeping.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);
    private const int Capacity = 10_000;

    private sealed record Entry(IReadOnlyList<CoverageDetermination> Determinations, DateTimeOffset StoredAt);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <returns>The determinations, and whether they came from an earlier order-select.</returns>
    public (IReadOnlyList<CoverageDetermination> Determinations, bool Reused) Evaluate(
        HookRequest request,
        IReadOnlyList<HookSubject> subjects,
        PatientRecordLoadResult loaded,
        string? clientId,
        DateOnly today,
        CancellationToken ct = default
    )
    {
        var ordersInScope = subjects.Select(s => s.Order.Resource).ToList();
        var signing = request.Kind is OrderSignHook;
        var key = request.Kind is OrderSignHook or OrderSelectHook ? Key(request, loaded, clientId, today, ct) : null;
        var now = time.GetUtcNow();
        if (
            signing
            && _entries.TryGetValue(key!, out var entry)
            && now - entry.StoredAt <= Lifetime
            && ordersInScope.All(o => entry.Determinations.Any(d => d.Order.Id == o.Id))
        )
        {
            // Only the orders this call asks about, in its order; the engine skips out-of-scope codes the same way.
            return (ordersInScope.SelectMany(o => entry.Determinations.Where(d => d.Order.Id == o.Id)).ToList(), true);
        }

        // Orders booked or dispatched to different places are judged each at its own place and date.
        var allOrders = request.DraftOrders.Select(o => o.Resource).Concat(ordersInScope).Distinct().ToList();
        var determinations = subjects
            .GroupBy(s => s.Planned)
            .SelectMany(group =>
                engine.Evaluate(
                    group.Select(s => s.Order.Resource).Distinct().ToList(),
                    allOrders,
                    loaded.Record with
                    {
                        Planned = group.Key,
                    },
                    today,
                    ct
                )
            )
            .ToList();
        if (request.Kind is OrderSelectHook)
            Store(key!, determinations, now);
        return (determinations, false);
    }

    private void Store(string key, IReadOnlyList<CoverageDetermination> determinations, DateTimeOffset now)
    {
        if (_entries.Count >= Capacity)
        {
            foreach (var (staleKey, stale) in _entries)
                if (now - stale.StoredAt > Lifetime)
                    _entries.TryRemove(staleKey, out _);
            // Still full of live entries: skip storing rather than evict at random; order-sign then evaluates.
            if (_entries.Count >= Capacity)
                return;
        }
        // Two order-selects for the same facts (e.g. a second selection) add their determinations together.
        _entries.AddOrUpdate(key, new Entry(determinations, now), (_, old) =>
            new Entry(
                [
                    .. determinations,
                    .. old.Determinations.Where(o => determinations.All(d => d.Order.Id != o.Order.Id)),
                ],
                now
            )
        );
    }

    /// <summary>The caller and a SHA-256 digest of everything the policy engine reads for this call.</summary>
    internal static string Key(
        HookRequest request,
        PatientRecordLoadResult loaded,
        string? clientId,
        DateOnly today,
        CancellationToken ct
    )
    {
        using var digest = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(ReadOnlySpan<byte> bytes)
        {
            digest.AppendData(bytes);
            digest.AppendData([0]);
        }
        void AddText(string text) => Add(Encoding.UTF8.GetBytes(text));

        AddText(today.ToString("O"));
        foreach (var order in request.DraftOrders)
            Add(JsonMarshal.GetRawUtf8Value(order.Json));
        foreach (
            var (key, value) in (request.Prefetch ?? new Dictionary<string, JsonElement>()).OrderBy(
                p => p.Key,
                StringComparer.Ordinal
            )
        )
        {
            AddText(key);
            Add(JsonMarshal.GetRawUtf8Value(value));
        }
        if (loaded.QueriedKeys is { Count: > 0 })
        {
            // Queried data has no bytes in the request: digest what was read (re-serialising is the costly part).
            foreach (var resource in loaded.Record.AllResources())
            {
                ct.ThrowIfCancellationRequested();
                AddText(FhirJson.Serialize(resource));
            }
        }
        return $"{clientId}|{request.FhirServer}|{request.PatientId}|{Convert.ToHexString(digest.GetCurrentHash())}";
    }
}
