namespace CryoCdsHooks.Web.Persistence;

public sealed class HookInvocation
{
    public long Id { get; set; }

    /// <summary>The calling client's <c>iss</c>; empty when authentication is off.</summary>
    public string ClientId { get; set; } = "";
    public required string ServiceId { get; set; }
    public string? HookInstance { get; set; }

    /// <summary>
    /// SHA-256 of the request's canonical JSON (<see cref="RequestFingerprint"/>), so a retry can be told from a
    /// different call reusing the hookInstance.
    /// </summary>
    public string? RequestHash { get; set; }
    public required DateTimeOffset ReceivedAt { get; set; }
    public required int StatusCode { get; set; }

    /// <summary>The request as received, minus fhirAuthorization; null when the body was not a JSON object.</summary>
    public string? RequestJson { get; set; }
    public required string ResponseJson { get; set; }
    public required double DurationMs { get; set; }

    /// <summary>CRDMetricData.tokenUse (used | not-used | rejected); null for calls that read no data.</summary>
    public string? TokenUse { get; set; }

    /// <summary>CRDMetricData.resources as JSON: type, count, prefetch; null for calls that read no data.</summary>
    public string? ResourcesJson { get; set; }

    /// <summary>
    /// Deviations read past in the request and the FHIR data (paths, keys, codes; no values), as a JSON array.
    /// </summary>
    public string? DataNotes { get; set; }
}
