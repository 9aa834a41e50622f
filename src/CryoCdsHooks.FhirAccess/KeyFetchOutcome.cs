using Hl7.Fhir.Model;

namespace CryoCdsHooks.FhirAccess;

/// <summary>What one key's fetch produced: the content read so far and, if it did not finish cleanly, why.</summary>
internal sealed record KeyFetchOutcome(string PrefetchKey, SearchContent Content, DataProblem? Problem)
{
    public IReadOnlyList<Resource> Resources => Content.Resources;
}
