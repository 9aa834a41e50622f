namespace CryoCdsHooks.FhirAccess;

/// <summary>
/// The bytes of FHIR server responses one hook call may still read
/// (<see cref="FhirAccessOptions.MaxFetchedBytesPerHook"/>),
/// shared by its parallel fetches: with the page cap it bounds the memory one call can take, whatever the servers send.
/// </summary>
internal sealed class FetchedBytes(long limit)
{
    private long _remaining = limit;

    public long Limit { get; } = limit;

    /// <summary>Counts <paramref name="count"/> bytes read; false once the call has read more than its limit.</summary>
    public bool TryTake(int count) => Interlocked.Add(ref _remaining, -count) >= 0;
}
