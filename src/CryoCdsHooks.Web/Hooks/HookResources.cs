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

    private HookResources(PatientRecord record, List<Resource> pool)
    {
        Record = record;
        _pool = pool;
        _references = (record with { Included = [.. record.Included, .. pool] }).References;
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
    /// The context's resources and the hook's own keys as the loader read them (prefetched or from the FHIR server,
    /// <see cref="PatientRecordLoadResult.HookKeys"/>); a key the server could not give is noted (its orders are then
    /// left unanswered, or its place unknown).
    /// </summary>
    public static HookResources For(HookRequest request, PatientRecordLoadResult loaded)
    {
        var pool = new List<Resource>(request.Content.Resources.Select(r => r.Resource));
        pool.AddRange(loaded.HookKeys.Values.SelectMany(r => r));
        var resources = new HookResources(loaded.Record, pool);
        // The hook's own keys only: a record key the hook's discovery also names (encounter-start's encounter) is
        // the loader's to report.
        var ownKeys = request.Kind.OwnQueries(request).Select(q => q.Key).ToHashSet(StringComparer.Ordinal);
        resources.Notes.AddRange(
            loaded
                .Problems.Where(p => ownKeys.Contains(p.PrefetchKey))
                .Select(p => $"{p.PrefetchKey}: not read from the FHIR server ({p.Kind}).")
        );
        return resources;
    }
}
