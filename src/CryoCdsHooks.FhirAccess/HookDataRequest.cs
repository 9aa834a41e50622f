using System.Text.Json;

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
    string? ClientId
)
{
    /// <summary>The hook's own keys, fetched when absent from <see cref="Prefetch"/> (prefetched ones are the
    /// hook's to read).</summary>
    public IReadOnlyList<HookKeyQuery> HookKeys { get; init; } = [];

    // Keeps the token out of logs and exception messages that format the request.
    public override string ToString() =>
        $"{nameof(HookDataRequest)} {{ PrefetchKeys = [{string.Join(", ", Prefetch?.Keys ?? [])}], "
        + $"FhirServer = {FhirServer?.GetLeftPart(UriPartial.Authority)}, ClientId = {ClientId} }}";
}
