using System.Runtime.InteropServices;
using CryoCdsHooks.FhirAccess;
using CryoCdsHooks.PolicyEngine;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.Web.Hooks;

/// <summary>
/// What a hook kind may look its orders, places and performers up in: the loaded record, the resources of the
/// context (Appointments, Tasks) and the hook's own prefetch keys. One reference resolver over all of them
/// (relative, absolute, <c>urn:uuid:</c> and contained references, as the engine resolves them).
/// </summary>
public sealed class HookResources
{
    private readonly ResourceReferences _references;
    private readonly List<Resource> _pool;

    private HookResources(PatientRecord record, List<Resource> pool, Dictionary<string, Resource> fullUrls)
    {
        Record = record;
        _pool = pool;
        var index = record with
        {
            Included = [.. record.Included, .. pool],
            FullUrls = new Dictionary<string, Resource>(
                record.FullUrls.Concat(fullUrls.Where(f => !record.FullUrls.ContainsKey(f.Key)))
            ),
        };
        _references = index.References;
    }

    /// <summary>The patient's record as loaded for the engine.</summary>
    public PatientRecord Record { get; }

    /// <summary>Deviations read past in the hook's own prefetch keys (for the audit record).</summary>
    public List<string> Notes { get; } = [];

    public T? Resolve<T>(ResourceReference? reference, DomainResource? container)
        where T : Resource => _references.Resolve<T>(reference, container);

    public T? Resolve<T>(string? reference)
        where T : Resource => _references.Resolve(reference, null) as T;

    /// <summary>Every resource of a type in the hook's own prefetch keys and context.</summary>
    public IEnumerable<T> All<T>()
        where T : Resource => _pool.OfType<T>();

    /// <summary>True when <paramref name="reference"/> names the hook's patient (<c>context.patientId</c>).</summary>
    public bool IsPatient(ResourceReference? reference, string patientId) =>
        ResourceReferences.Literal(reference?.Reference) is ("Patient", var id) && id == patientId;

    /// <summary>
    /// The context's resources, the hook's prefetched keys and those the loader read from the FHIR server; a key
    /// the server could not give is noted (its orders are then left unanswered, or its place unknown).
    /// </summary>
    public static HookResources For(HookRequest request, PatientRecordLoadResult loaded)
    {
        var record = loaded.Record;
        var pool = new List<Resource>(request.Content.Resources.Select(r => r.Resource));
        pool.AddRange(loaded.HookKeys.Values.SelectMany(r => r));
        var fullUrls = new Dictionary<string, Resource>(StringComparer.Ordinal);
        var notes = new List<string>();
        foreach (var key in request.Kind.OwnPrefetch.Keys)
        {
            if (request.Prefetch is null || !request.Prefetch.TryGetValue(key, out var value))
                continue;
            if (!FhirJson.TryParse(JsonMarshal.GetRawUtf8Value(value), out var resource, out var error))
            {
                notes.Add($"prefetch.{key}: not read, it is not a valid FHIR resource ({error}).");
                continue;
            }
            if (resource is not Bundle bundle)
            {
                pool.Add(resource);
                continue;
            }
            foreach (var entry in bundle.Entry)
            {
                if (entry.Resource is null or OperationOutcome)
                    continue;
                pool.Add(entry.Resource);
                if (!string.IsNullOrEmpty(entry.FullUrl))
                    fullUrls.TryAdd(entry.FullUrl, entry.Resource);
            }
        }
        notes.AddRange(
            loaded
                .Problems.Where(p => request.Kind.OwnPrefetch.ContainsKey(p.PrefetchKey))
                .Select(p => $"{p.PrefetchKey}: not read from the FHIR server ({p.Kind}).")
        );
        var resources = new HookResources(record, pool, fullUrls);
        resources.Notes.AddRange(notes);
        return resources;
    }
}
