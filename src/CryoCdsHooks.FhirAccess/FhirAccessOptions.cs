using System.ComponentModel.DataAnnotations;

namespace CryoCdsHooks.FhirAccess;

/// <summary>Settings bound from the <c>FhirAccess</c> configuration section.</summary>
public sealed class FhirAccessOptions
{
    public const string SectionName = "FhirAccess";

    /// <summary>
    /// Base URL prefixes of EHR FHIR servers any client may name as fhirServer, e.g.
    /// <c>https://ehr.example.org/fhir</c>.
    /// Matched on scheme, host (case-insensitive), port and whole path segments.
    /// </summary>
    public List<string> AllowedFhirServers { get; set; } = [];

    /// <summary>
    /// Extra allowed base URL prefixes per OAuth client id (the JWT <c>iss</c>/<c>sub</c> the host trusts).
    /// </summary>
    public Dictionary<string, List<string>> ClientAllowedFhirServers { get; set; } = [];

    /// <summary>
    /// Accept any loopback fhirServer, http or https, without listing it. For Development and tests only.
    /// </summary>
    public bool AllowLoopback { get; set; }

    /// <summary>
    /// The budget of one hook call from its arrival (<see cref="CryoCdsHooks.FhirAccess.HookDeadline"/>): fetching,
    /// parsing and evaluating share it. Keys still loading then are reported as Timeout; the host answers what it
    /// could not evaluate in time as undetermined.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:30")]
    public TimeSpan HookDeadline { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>Timeout of a single HTTP attempt.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:30")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(1.5);

    /// <summary>
    /// Retries of a GET after 5xx/408/429, attempt timeout or connection failure. 0 disables retries.
    /// </summary>
    [Range(0, 5)]
    public int MaxRetries { get; set; } = 2;

    /// <summary>Base of the exponential, jittered retry delay (a Retry-After header takes precedence).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:05")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Safety cap on pages read per search, counting the first; further next links are reported as
    /// PageLimitReached. The hook deadline is what really bounds paging; this only stops a server that loops.
    /// </summary>
    [Range(1, 1000)]
    public int MaxSearchPages { get; set; } = 200;

    /// <summary>
    /// Most bytes of one FHIR server response (a page or a read), counted as read after decompression; a larger body
    /// is not read further and the key is reported as ResponseTooLarge. It bounds the buffer and each parse of a page.
    /// </summary>
    [Range(64 * 1024, 64 * 1024 * 1024)]
    public int MaxPageBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// Most bytes of FHIR server responses one hook call reads, all keys and pages together; what a server sends
    /// beyond it is not read and the key is reported as ResponseTooLarge. It bounds the memory one call can take.
    /// </summary>
    [Range(64 * 1024, 256 * 1024 * 1024)]
    public int MaxFetchedBytesPerHook { get; set; } = 16 * 1024 * 1024;

    /// <summary>The <c>_count</c> sent with every search the service runs (results per page).</summary>
    [Range(1, 1000)]
    public int SearchPageSize { get; set; } = 100;
}
