using Microsoft.Extensions.Logging;

namespace CryoCdsHooks.FhirAccess;

/// <summary>
/// Log events of FHIR data access. They carry the prefetch key, status and server authority only:
/// never URLs (they hold patient ids), tokens or resource content.
/// </summary>
internal static partial class FhirAccessLog
{
    [LoggerMessage(
        EventId = 1,
        Level = LogLevel.Warning,
        Message = "FHIR fetch for prefetch key {PrefetchKey} from {FhirServerHost} failed: {ProblemKind} (HTTP "
            + "{StatusCode})"
    )]
    public static partial void FetchFailed(
        ILogger logger,
        string prefetchKey,
        string fhirServerHost,
        DataProblemKind problemKind,
        int? statusCode
    );

    [LoggerMessage(
        EventId = 2,
        Level = LogLevel.Information,
        Message = "Retrying FHIR fetch for prefetch key {PrefetchKey} from {FhirServerHost}: attempt {Attempt} after "
            + "{Outcome}, waiting {RetryDelay}"
    )]
    public static partial void FetchRetrying(
        ILogger logger,
        string prefetchKey,
        string fhirServerHost,
        int attempt,
        string outcome,
        TimeSpan retryDelay
    );

    [LoggerMessage(
        EventId = 3,
        Level = LogLevel.Debug,
        Message = "Fetching prefetch key {PrefetchKey} from {FhirServerHost}"
    )]
    public static partial void Fetching(ILogger logger, string prefetchKey, string fhirServerHost);
}
