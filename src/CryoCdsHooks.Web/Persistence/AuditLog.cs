using System.Text.Json;
using CryoCdsHooks.Web.Hooks;
using CryoCdsHooks.Web.Metrics;
using CryoCdsHooks.Web.Hooks.Wire;
using Microsoft.EntityFrameworkCore;

namespace CryoCdsHooks.Web.Persistence;

/// <summary>Records hook invocations and their coverage assertions before the response leaves.</summary>
public sealed class AuditLog(AuditDbContext db, AuditWriter writer, TimeProvider time)
{
    /// <summary>
    /// Completes once the records are committed. It is not cancellable: a call that was answered is audited even
    /// if the client has gone.
    /// </summary>
    public Task RecordAsync(string serviceId, JsonDocument? request, int status, string responseJson,
        TimeSpan duration, IReadOnlyList<(OrderCoverageAnswer Answer, FhirExtension Extension)> assertions, CrdDataUse? dataUse = null)
    {
        var now = time.GetUtcNow();
        var hookInstance = request?.RootElement is { ValueKind: JsonValueKind.Object } root
            && root.TryGetProperty("hookInstance", out var hi) && hi.ValueKind == JsonValueKind.String
            ? Normalize(hi.GetString()!) : null;

        var records = new List<object>(1 + assertions.Count)
        {
            new HookInvocation
            {
                ServiceId = serviceId,
                HookInstance = hookInstance,
                ReceivedAt = now - duration,
                StatusCode = status,
                RequestJson = WithoutAccessToken(request),
                ResponseJson = responseJson,
                DurationMs = duration.TotalMilliseconds,
                TokenUse = dataUse?.TokenUse,
                ResourcesJson = dataUse is null ? null : JsonSerializer.Serialize(dataUse.Resources, CrdMetricJson.Options),
            },
        };
        foreach (var (answer, extension) in assertions)
        {
            records.Add(new CoverageAssertion
            {
                AssertionId = answer.CoverageAssertionId,
                HookInstance = hookInstance ?? "",
                ServiceId = serviceId,
                OrderReference = answer.Order.Reference,
                Covered = answer.Covered,
                PaNeeded = answer.PaNeeded,
                Reason = answer.ReasonText,
                CoverageInformationJson = extension.ToJsonString(),
                CreatedAt = now,
            });
        }
        return writer.WriteAsync(records);
    }

    /// <summary>True when a call with this hookInstance was already answered: hookInstance is unique per invocation.</summary>
    public Task<bool> WasAnsweredAsync(Guid hookInstance, CancellationToken ct)
    {
        var key = hookInstance.ToString();
        return db.HookInvocations.AnyAsync(i => i.HookInstance == key && i.StatusCode == StatusCodes.Status200OK, ct);
    }

    /// <summary>The token is transient (CDS Hooks §Passing the Access Token): it never reaches storage.</summary>
    private static string? WithoutAccessToken(JsonDocument? request)
    {
        if (request?.RootElement is not { ValueKind: JsonValueKind.Object } root) return null;
        if (!root.TryGetProperty("fhirAuthorization", out _)) return root.GetRawText();

        // Copy the other members as they are rather than parsing the whole request into a DOM.
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var member in root.EnumerateObject().Where(m => m.Name != "fhirAuthorization")) member.WriteTo(writer);
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    // Stored in the canonical UUID form so lookups match however the client spelled it.
    private static string Normalize(string hookInstance) =>
        Guid.TryParse(hookInstance, out var id) ? id.ToString() : hookInstance.Length <= 64 ? hookInstance : hookInstance[..64];
}
