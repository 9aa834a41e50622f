using CryoCdsHooks.PolicyEngine;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace CryoCdsHooks.FhirAccess;

/// <summary>
/// Reads resources the data names only by reference (a Coverage's payor, a hook's PractitionerRole's locations),
/// a few per call, under the same allowlist, token, deadline and byte budget as every other query. Only references
/// on the request's <c>fhirServer</c> are read (<see cref="ServerReference"/>); without access, for one on another
/// server, or when a read fails, a note says so and the reference stays unresolved.
/// </summary>
internal sealed class ReferenceReads(
    FhirServerFetcher fetcher,
    FhirServerAllowlist allowlist,
    FhirAccessMetrics metrics
)
{
    /// <param name="what">What one reference names, for the notes, e.g. "payor Organization".</param>
    public async Task<IReadOnlyList<Resource>> ReadAsync(
        string key,
        string what,
        IReadOnlyList<string> references,
        HookDataRequest request,
        HookDeadline deadline,
        FetchedBytes fetched,
        List<string> notes,
        List<string> queried
    )
    {
        if (references.Count == 0)
            return [];
        if (
            request.FhirServer is null
            || string.IsNullOrEmpty(request.AccessToken)
            || !allowlist.IsAllowed(request.FhirServer, request.ClientId)
        )
        {
            notes.Add(
                $"{key}: {references.Count} {what}(s) known only by reference were not read (no access to an allowed "
                    + "FHIR server)."
            );
            return [];
        }

        var elsewhere = references.Count(r => ServerReference.IsElsewhere(r, request.FhirServer));
        if (elsewhere > 0)
            notes.Add($"{key}: {elsewhere} {what}(s) on another server than fhirServer were not read.");
        var fhirServerBase = FhirServerAllowlist.AsBase(request.FhirServer);
        var outcomes = await Task.WhenAll(
                references
                    .Select(r => ServerReference.OnServer(r, request.FhirServer))
                    .OfType<string>()
                    .Distinct(StringComparer.Ordinal)
                    .Select(query =>
                        fetcher.FetchAsync(
                            Definition(key, query),
                            fhirServerBase,
                            query,
                            request.AccessToken,
                            fetched,
                            deadline.Token,
                            deadline.CallerToken
                        )
                    )
            )
            .ConfigureAwait(false);
        if (outcomes.Length > 0)
            queried.Add(key);
        var read = new List<Resource>();
        foreach (var outcome in outcomes)
        {
            metrics.QueryCompleted(outcome);
            read.AddRange(outcome.Content.Resources);
            if (outcome.Problem is { } problem)
                notes.Add($"{key}: a {what} could not be read ({problem.Kind}).");
        }
        return read;
    }

    /// <summary>A read of the type the reference names (a server answering with another type is a problem).</summary>
    private static PrefetchKeyDefinition Definition(string key, string query) =>
        new(
            key,
            query,
            ModelInfo.GetTypeForFhirType(ResourceReferences.Literal(query)!.Value.Type) ?? typeof(Resource),
            IsRead: true,
            NeededByPolicy: false
        );
}
