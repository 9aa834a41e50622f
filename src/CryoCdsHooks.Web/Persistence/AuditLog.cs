using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using CryoCdsHooks.Web.Hooks.Wire;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace CryoCdsHooks.Web.Persistence;

/// <summary>
/// Records hook invocations and their coverage assertions before the response leaves, and owns the hookInstance
/// rule (docs/decisions/0004-hookinstance-rule.md): a hookInstance is one call of one client, a retry of it gets
/// the stored answer, a different call reusing it is a conflict.
/// </summary>
public sealed class AuditLog(AuditDbContext db, AuditWriter writer, HookCallsInFlight inFlight, TimeProvider time)
{
    /// <summary>A refused request is stored whole up to this many characters, as a summary beyond.</summary>
    public const int MaxRefusedRequestChars = 4096;
    private const int SummaryStartChars = 512;

    /// <summary>What is stored about a request, taken once and used for the duplicate check and the record.</summary>
    public static HookCall Describe(string serviceId, string? clientId, JsonDocument? request)
    {
        var hookInstance = request is null ? null : CdsHookRequest.HookInstanceOf(request.RootElement);
        var stored = WithoutAccessToken(request);
        // The meaning of the request, not its bytes: a re-serialised retry is the same call.
        var hash = stored is null ? null : RequestFingerprint.Of(request!.RootElement, hookInstance);
        return new HookCall(serviceId, clientId ?? "", hookInstance, stored, hash);
    }

    /// <summary>
    /// Whether this call may be evaluated: <see cref="HookCallState.Unanswered"/> (evaluate, then
    /// <see cref="RecordAsync"/> with its claim), <see cref="HookCallState.AlreadyAnswered"/> (a retry: send the
    /// stored answer), <see cref="HookCallState.InProgress"/> (a retry while the first is running: wait, then ask
    /// again) or <see cref="HookCallState.Conflicting"/> (another call of this client used the hookInstance).
    /// </summary>
    public async Task<HookCallState> BeginAsync(HookCall call, CancellationToken ct)
    {
        if (call.HookInstance is null)
            return new HookCallState.Unanswered(null);
        if (!inFlight.TryClaim(call, out var claim, out var running))
        {
            return running.RequestHash == call.RequestHash && running.ServiceId == call.ServiceId
                ? new HookCallState.InProgress(running.Settled)
                : new HookCallState.Conflicting();
        }

        try
        {
            var stored = await AnsweredAsync(call, ct);
            if (stored is null)
                return new HookCallState.Unanswered(claim);
            claim.Dispose();
            return stored;
        }
        catch
        {
            claim.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Stores the call and its assertions; completes once they are committed. Not cancellable: a call that was
    /// answered is audited even if the client has gone. A 200 that loses a race against another replica for the
    /// same hookInstance is not stored: the state of the call stored first is returned instead.
    /// </summary>
    public async Task<HookCallState> RecordAsync(
        HookCall call,
        HookCallClaim? claim,
        int status,
        string responseJson,
        TimeSpan duration,
        IReadOnlyList<AssertionRecord> assertions,
        DataUseRecord? dataUse = null,
        IReadOnlyList<string>? dataNotes = null
    )
    {
        using var _ = claim;
        var records = Records(call, status, responseJson, duration, assertions, dataUse, dataNotes);
        try
        {
            await writer.WriteAsync(records);
            return new HookCallState.Recorded();
        }
        catch (DbUpdateException) when (status == StatusCodes.Status200OK && call.HookInstance is not null)
        {
            // The unique index kept the call another replica committed first. Any other failure is rethrown.
            return await AnsweredAsync(call, CancellationToken.None)
                ?? throw new InvalidOperationException(
                    "The hook call could not be stored and no answered call holds its hookInstance."
                );
        }
    }

    /// <summary>
    /// The answered call stored for this client and hookInstance, compared with this one; null if none.
    /// </summary>
    private async Task<HookCallState?> AnsweredAsync(HookCall call, CancellationToken ct)
    {
        var stored = await AnsweredCallQueries.GetValue(db.Model, _ => CompileAnsweredCallQuery())(
            db,
            call.ClientId,
            call.HookInstance,
            ct
        );
        if (stored is null)
            return null;
        return stored.ServiceId == call.ServiceId && stored.RequestHash == call.RequestHash
            ? new HookCallState.AlreadyAnswered(stored.ResponseJson)
            : new HookCallState.Conflicting();
    }

    private sealed record AnsweredCall(string ServiceId, string? RequestHash, string ResponseJson);

    // Compiled once per model (a compiled query serves one model: SQLite and PostgreSQL differ): every hook call with
    // a hookInstance runs it, and translating the LINQ each time was most of its cost.
    private static readonly ConditionalWeakTable<
        IModel,
        Func<AuditDbContext, string, string?, CancellationToken, Task<AnsweredCall?>>
    > AnsweredCallQueries = new();

    private static Func<
        AuditDbContext,
        string,
        string?,
        CancellationToken,
        Task<AnsweredCall?>
    > CompileAnsweredCallQuery() =>
        EF.CompileAsyncQuery(
            (AuditDbContext db, string clientId, string? hookInstance, CancellationToken ct) =>
                db
                    .HookInvocations.AsNoTracking()
                    .Where(i =>
                        i.ClientId == clientId
                        && i.HookInstance == hookInstance
                        && i.StatusCode == StatusCodes.Status200OK
                    )
                    .Select(i => new AnsweredCall(i.ServiceId, i.RequestHash, i.ResponseJson))
                    .FirstOrDefault()
        );

    private List<object> Records(
        HookCall call,
        int status,
        string responseJson,
        TimeSpan duration,
        IReadOnlyList<AssertionRecord> assertions,
        DataUseRecord? dataUse,
        IReadOnlyList<string>? dataNotes
    )
    {
        var now = time.GetUtcNow();
        var records = new List<object>(1 + assertions.Count)
        {
            new HookInvocation
            {
                ClientId = call.ClientId,
                ServiceId = call.ServiceId,
                HookInstance = call.HookInstance,
                RequestHash = call.RequestHash,
                ReceivedAt = now - duration,
                StatusCode = status,
                RequestJson =
                    status == StatusCodes.Status200OK ? call.RequestJson : Bounded(call.RequestJson, call.RequestHash),
                ResponseJson = responseJson,
                DurationMs = duration.TotalMilliseconds,
                TokenUse = dataUse?.TokenUse,
                ResourcesJson = dataUse?.ResourcesJson,
                DataNotes = dataNotes is { Count: > 0 } ? JsonSerializer.Serialize(BoundedNotes(dataNotes)) : null,
            },
        };
        foreach (var assertion in assertions)
        {
            records.Add(
                new CoverageAssertion
                {
                    AssertionId = assertion.AssertionId,
                    ClientId = call.ClientId,
                    HookInstance = call.HookInstance ?? "",
                    ServiceId = call.ServiceId,
                    OrderReference = assertion.OrderReference,
                    Covered = assertion.Covered,
                    PaNeeded = assertion.PaNeeded,
                    Reason = assertion.Reason,
                    CoverageInformationJson = assertion.CoverageInformationJson,
                    QuestionnaireId = assertion.QuestionnaireId,
                    PatientId = assertion.PatientId,
                    MissingCodes = string.Join(' ', assertion.MissingCodes ?? []),
                    DecisionBasisJson = assertion.DecisionBasisJson,
                    CreatedAt = now,
                }
            );
        }
        if (status == StatusCodes.Status200OK)
        {
            // Feedback is accepted for these cards, from this client only.
            records.AddRange(
                CdsResponse
                    .CardUuidsOf(responseJson)
                    .Select(uuid => new IssuedCard
                    {
                        CardUuid = uuid,
                        ClientId = call.ClientId,
                        ServiceId = call.ServiceId,
                        IssuedAt = now,
                    })
            );
        }
        return records;
    }

    /// <summary>
    /// A refused request may be anything a client sent: beyond a few kB only its size, hash and start are kept.
    /// </summary>
    private static string? Bounded(string? request, string? hash)
    {
        if (request is null || request.Length <= MaxRefusedRequestChars)
            return request;
        return new System.Text.Json.Nodes.JsonObject
        {
            ["summary"] = "Refused request; only its start is stored.",
            ["chars"] = request.Length,
            ["sha256"] = hash,
            ["start"] = request[..SummaryStartChars],
        }.ToJsonString();
    }

    /// <summary>The token is transient (CDS Hooks §Passing the Access Token): it never reaches storage.</summary>
    private static string? WithoutAccessToken(JsonDocument? request)
    {
        if (request?.RootElement is not { ValueKind: JsonValueKind.Object } root)
            return null;
        if (!root.TryGetProperty("fhirAuthorization", out _))
            return root.GetRawText();

        // Copy the other members as they are rather than parsing the whole request into a DOM.
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var member in root.EnumerateObject().Where(m => m.Name != "fhirAuthorization"))
                member.WriteTo(writer);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    // A hostile record can produce many notes: the audit keeps a bounded summary.
    private static IEnumerable<string> BoundedNotes(IReadOnlyList<string> notes) =>
        notes
            .Take(MaxDataNotes)
            .Select(n => n.Length > MaxNoteChars ? n[..MaxNoteChars] : n)
            .Concat(notes.Count > MaxDataNotes ? [$"{notes.Count - MaxDataNotes} more notes not stored."] : []);

    private const int MaxDataNotes = 50;
    private const int MaxNoteChars = 300;
}
