namespace CryoCdsHooks.FhirAccess;

public enum DataProblemKind
{
    /// <summary>The per-attempt timeout (after retries) or the hook deadline ran out.</summary>
    Timeout,

    /// <summary>The FHIR server answered 401 or 403.</summary>
    Unauthorized,

    /// <summary>The FHIR server answered 404 for a read.</summary>
    NotFound,

    /// <summary>
    /// The FHIR server answered 5xx, 408, 429 (after retries) or a redirect, which is never followed.
    /// </summary>
    ServerError,

    /// <summary>The FHIR server answered another 4xx.</summary>
    RequestRejected,

    /// <summary>Connection failed or was reset, or the circuit for this server is open.</summary>
    Unreachable,

    /// <summary>The body was not FHIR JSON of the expected shape.</summary>
    MalformedResponse,

    /// <summary>The client sent an OperationOutcome for the key and no FHIR server access was granted.</summary>
    PrefetchOperationOutcome,

    /// <summary>
    /// A search's next page is on another server; it was not requested, so results may be incomplete.
    /// </summary>
    ServerNotAllowed,

    /// <summary>
    /// A search had more pages than <see cref="FhirAccessOptions.MaxSearchPages"/>; results are incomplete.
    /// </summary>
    PageLimitReached,

    /// <summary>
    /// A response was larger than <see cref="FhirAccessOptions.MaxPageBytes"/>, or the hook call had read
    /// <see cref="FhirAccessOptions.MaxFetchedBytesPerHook"/> already; the rest was not read.
    /// </summary>
    ResponseTooLarge,

    /// <summary>The search answered an OperationOutcome with error or fatal issues and no results.</summary>
    SearchFailed,
}
