using CryoCdsHooks.FhirAccess;
using CryoCdsHooks.Web.Hooks.Kinds;

namespace CryoCdsHooks.Web.Hooks;

/// <summary>
/// One CDS hook this service answers, and everything that differs between hooks: its discovery entry, the context
/// fields it reads, its own prefetch templates, whether it is a CRD primary hook, and where its orders, care
/// setting and date of service come from (<see cref="Subjects"/>). Everything else (JWT, deadline, hookInstance,
/// audit, metrics, CRD configuration options, the engine) is one pipeline shared by every kind.
/// </summary>
public abstract class HookKind
{
    /// <summary>The CDS Hooks hook name, e.g. "appointment-book".</summary>
    public abstract string Hook { get; }

    /// <summary>The service id of discovery and of <c>POST /cds-services/{id}</c>.</summary>
    public abstract string ServiceId { get; }
    public abstract string Title { get; }
    public abstract string Description { get; }

    /// <summary>
    /// A CRD primary hook (order-sign, order-dispatch, appointment-book: CRD hooks.md "Hook Categories"): every answer
    /// carries the coverage-information systemActions, empty when nothing is in scope (hook-16), and documentation
    /// may be asked for; secondary hooks must not ask for it (hook-19).
    /// </summary>
    public abstract bool IsPrimary { get; }

    /// <summary>
    /// Whether its cards compare with the client's earlier answer for the order (<see cref="EarlierAnswers"/>): the
    /// hooks that come after order entry, once the place and date are known. Order entry itself skips the read.
    /// </summary>
    public virtual bool SaysWhatChanged => true;

    /// <summary>The context fields the hook reads beyond patientId, as documented in docs/api.md.</summary>
    public abstract IReadOnlyList<string> ContextFields { get; }

    /// <summary>Whether <c>context.userId</c> is required (CDS Hooks: every hook but order-dispatch).</summary>
    public virtual bool RequiresUser => true;

    /// <summary>
    /// Whether <c>context.encounterId</c> is required (encounter-start: the Encounter is what it is about).
    /// </summary>
    public virtual bool RequiresEncounter => false;

    /// <summary>Prefetch templates of this hook beyond the patient record's shared ones (key → template).</summary>
    public virtual IReadOnlyDictionary<string, string> OwnPrefetch { get; } = new Dictionary<string, string>();

    /// <summary>
    /// The discovery prefetch: the shared record templates (<c>PrefetchTemplateCatalog</c>) and the hook's own, which
    /// replace a shared one of the same key. A hook without <c>context.encounterId</c> leaves out the keys that need
    /// it.
    /// </summary>
    public IReadOnlyDictionary<string, string> Prefetch(IReadOnlyDictionary<string, string> shared) =>
        shared
            .Where(t => !OwnPrefetch.ContainsKey(t.Key))
            .Where(t => ContextFields.Contains("encounterId") || !t.Value.Contains("{{context.encounterId}}"))
            .Concat(OwnPrefetch)
            .ToDictionary(t => t.Key, t => t.Value);

    /// <summary>
    /// The hook's own prefetch templates resolved with this call's context, for the loader to read from prefetch and
    /// fetch from the FHIR server when the client did not prefetch them (never demanded: a missing one leaves its
    /// orders unanswered). A key whose context names nothing fetchable (a performer on another server) has no query.
    /// </summary>
    internal virtual IReadOnlyList<HookKeyQuery> OwnQueries(HookRequest request) => [];

    /// <summary>Reads the hook's own context fields; wrong members become issues of the reader.</summary>
    internal abstract HookContextContent ReadContext(ContextReader context);

    /// <summary>
    /// The orders this call answers for (<see cref="Subjects"/>), looked up in the loaded record, the context and
    /// the hook's own prefetch keys, and the deviations read past on the way (for the audit record).
    /// </summary>
    public (IReadOnlyList<HookSubject> Subjects, IReadOnlyList<string> Notes) SubjectsOf(
        HookRequest request,
        PatientRecordLoadResult loaded
    )
    {
        var resources = HookResources.For(request, loaded);
        var subjects = Subjects(request, resources).Select(s => RequestedPlace.Added(s, resources)).ToList();
        return (subjects, resources.Notes);
    }

    /// <summary>
    /// After the record is loaded: the orders this call answers for, each with the resource its coverage-information
    /// goes on and, for a booked or dispatched procedure, its place and date (<see cref="PlannedService"/>).
    /// </summary>
    internal abstract IReadOnlyList<HookSubject> Subjects(HookRequest request, HookResources resources);
}
