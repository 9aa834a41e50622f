using System.Text.Json;
using CryoCdsHooks.PolicyEngine;

namespace CryoCdsHooks.FhirAccess;

/// <summary>
/// The parts of a CDS Hooks request needed to gather the patient's record.
/// In <see cref="Prefetch"/>, a key holding JSON <c>null</c> means the client had no data; an absent key means
/// the client did not prefetch it. <see cref="AccessToken"/> is <c>fhirAuthorization.access_token</c>: it is used
/// for this call only and is never stored or logged.
/// </summary>
public sealed record HookDataRequest(
    string PatientId,
    string? EncounterId,
    IReadOnlyDictionary<string, JsonElement>? Prefetch,
    Uri? FhirServer,
    string? AccessToken,
    string? ClientId)
{
    // Keeps the token out of logs and exception messages that format the request.
    public override string ToString() =>
        $"{nameof(HookDataRequest)} {{ PrefetchKeys = [{string.Join(", ", Prefetch?.Keys ?? [])}], " +
        $"FhirServer = {FhirServer?.GetLeftPart(UriPartial.Authority)}, ClientId = {ClientId} }}";
}

/// <summary>
/// The gathered record plus the keys that could not be (fully) loaded, and <see cref="Notes"/>: deviations read
/// past (empty or null members, search notices, unknown entry types), for the audit record. Notes hold no PHI.
/// </summary>
public sealed record PatientRecordLoadResult(PatientRecord Record, IReadOnlyList<DataProblem> Problems)
{
    public IReadOnlyList<string> Notes { get; init; } = [];
}

/// <summary>Why the data for one prefetch key is missing or incomplete. Messages hold no PHI and no token.</summary>
public sealed record DataProblem(string PrefetchKey, DataProblemKind Kind, string Message);

public enum DataProblemKind
{
    /// <summary>The per-attempt timeout (after retries) or the hook deadline ran out.</summary>
    Timeout,
    /// <summary>The FHIR server answered 401 or 403.</summary>
    Unauthorized,
    /// <summary>The FHIR server answered 404 for a read.</summary>
    NotFound,
    /// <summary>The FHIR server answered 5xx, 408, 429 (after retries) or a redirect, which is never followed.</summary>
    ServerError,
    /// <summary>The FHIR server answered another 4xx.</summary>
    RequestRejected,
    /// <summary>Connection failed or was reset, or the circuit for this server is open.</summary>
    Unreachable,
    /// <summary>The body was not FHIR JSON of the expected shape.</summary>
    MalformedResponse,
    /// <summary>The client sent an OperationOutcome for the key and no FHIR server access was granted.</summary>
    PrefetchOperationOutcome,
    /// <summary>A search's next page is on another server; it was not requested, so results may be incomplete.</summary>
    ServerNotAllowed,
    /// <summary>A search had more pages than <see cref="FhirAccessOptions.MaxSearchPages"/>; results are incomplete.</summary>
    PageLimitReached,
    /// <summary>The search answered an OperationOutcome with error or fatal issues and no results.</summary>
    SearchFailed,
}
