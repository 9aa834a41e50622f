using System.Text.Json;
using System.Text.Json.Nodes;
using CryoCdsHooks.Web.Hooks;

namespace CryoCdsHooks.Web.Persistence;

/// <summary>Writes hook invocations and their coverage assertions before the response leaves.</summary>
public sealed class AuditLog(AuditDbContext db, TimeProvider time)
{
    public async Task RecordAsync(string serviceId, JsonDocument? request, int status, string responseJson,
        TimeSpan duration, IReadOnlyList<(OrderCoverageAnswer Answer, JsonObject Extension)> assertions, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var hookInstance = request?.RootElement is { ValueKind: JsonValueKind.Object } root
            && root.TryGetProperty("hookInstance", out var hi) && hi.ValueKind == JsonValueKind.String
            ? Truncate(hi.GetString()!, 64) : null;

        db.HookInvocations.Add(new HookInvocation
        {
            ServiceId = serviceId,
            HookInstance = hookInstance,
            ReceivedAt = now - duration,
            StatusCode = status,
            RequestJson = WithoutAccessToken(request),
            ResponseJson = responseJson,
            DurationMs = duration.TotalMilliseconds,
        });
        foreach (var (answer, extension) in assertions)
        {
            db.CoverageAssertions.Add(new CoverageAssertion
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
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The token is transient (CDS Hooks §Passing the Access Token): it never reaches storage.</summary>
    private static string? WithoutAccessToken(JsonDocument? request)
    {
        if (request?.RootElement.ValueKind != JsonValueKind.Object) return null;
        var copy = JsonNode.Parse(request.RootElement.GetRawText())!.AsObject();
        copy.Remove("fhirAuthorization");
        return copy.ToJsonString();
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
