using CryoCdsHooks.FhirAccess;
using CryoCdsHooks.PolicyEngine;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.Web.Hooks.Kinds;

/// <summary>
/// encounter-start (CRD secondary): the admission (<c>context.encounterId</c>, prefetch <c>encounter</c>) is answered
/// on itself for the cryoablations it is for: ServiceRequests of this encounter, its <c>reasonReference</c>
/// ServiceRequests or planned Procedures, or a procedure code in its <c>reasonCode</c>. The setting is the
/// Encounter's own (class, status), the date of service its <c>period.start</c>. No documentation is asked (hook-19).
/// </summary>
public sealed class EncounterStartHook : HookKind
{
    public const string OrdersKey = "encounterOrders";

    public override string Hook => "encounter-start";
    public override string ServiceId => "cryoablation-encounter-start";
    public override string Title => "Cryoablation coverage (BCBSMA policy 260) when the admission starts";
    public override string Description =>
        "Checks the cryoablation an admission is for against Blue Cross Blue Shield of Massachusetts Medical Policy "
        + "260, and returns coverage and prior authorization for the inpatient stay on the Encounter.";
    public override bool IsPrimary => false;
    public override bool RequiresEncounter => true;
    public override IReadOnlyList<string> ContextFields { get; } = ["userId", "encounterId"];

    public override IReadOnlyDictionary<string, string> OwnPrefetch { get; } =
        new Dictionary<string, string>
        {
            [OrdersKey] = "ServiceRequest?patient={{context.patientId}}&encounter={{context.encounterId}}",
            // CRD 2.0.1 foundation.md "Prefetch", Encounter row: the admission with where and by whom it happens.
            // The record key is read as any search Bundle; fetched from the server, it stays a plain read.
            [PrefetchTemplateCatalog.EncounterKey] =
                "Encounter?_id={{context.encounterId}}"
                + "&_include=Encounter:patient&_include=Encounter:service-provider"
                + "&_include=Encounter:practitioner&_include=Encounter:location",
        };

    /// <summary>An admission in these states is not taking place (Encounter.status is a modifier).</summary>
    private static readonly HashSet<Encounter.EncounterStatus> NotTakingPlace =
    [
        Encounter.EncounterStatus.Cancelled,
        Encounter.EncounterStatus.EnteredInError,
    ];

    /// <summary>A Procedure that is still to happen can be what the admission is for.</summary>
    private static readonly HashSet<EventStatus> Planned = [EventStatus.Preparation, EventStatus.InProgress];

    /// <summary>The template as it stands: the loader fills in the patient and the encounter.</summary>
    internal override IReadOnlyList<HookKeyQuery> OwnQueries(HookRequest request) =>
        [new(OrdersKey, OwnPrefetch[OrdersKey], typeof(ServiceRequest), IsRead: false)];

    internal override HookContextContent ReadContext(ContextReader context) => new();

    internal override IReadOnlyList<HookSubject> Subjects(HookRequest request, HookResources resources)
    {
        if (resources.Record.Encounter is not { } encounter || encounter.Id != request.EncounterId)
        {
            resources.Notes.Add($"Encounter/{request.EncounterId} is not in the request: send prefetch 'encounter'.");
            return [];
        }
        if (!resources.IsPatient(encounter.Subject, request.PatientId))
            return [];

        var reference = $"Encounter/{encounter.Id}";
        if (encounter.Status is { } status && NotTakingPlace.Contains(status))
        {
            resources.Notes.Add($"{reference} is {encounter.StatusElement.JsonValue}: not answered.");
            return [];
        }
        var planned = new PlannedService(
            reference,
            ServiceDate.LocalDay(encounter.Period?.Start),
            "Encounter.period.start",
            []
        );
        var target = ContextResource.Of(encounter);
        return Orders(encounter, request.PatientId, resources)
            .DistinctBy(o => o.Reference)
            .Select(o => new HookSubject(o, target, planned))
            .ToList();
    }

    private static IEnumerable<DraftOrder> Orders(Encounter encounter, string patientId, HookResources resources)
    {
        var ofEncounter = resources
            .All<ServiceRequest>()
            .Where(o =>
                ResourceReferences.Literal(o.Encounter?.Reference) is ("Encounter", var id) && id == encounter.Id
            );
        var reasons = encounter.ReasonReference.Select(r => resources.Resolve<Resource>(r, encounter)).ToList();
        foreach (var order in ofEncounter.Concat(reasons.OfType<ServiceRequest>()))
        {
            if (resources.IsPatient(order.Subject, patientId))
                yield return new DraftOrder(order, ContextResource.Of(order).Json);
        }
        foreach (var procedure in reasons.OfType<Procedure>().Where(p => p.Status is { } s && Planned.Contains(s)))
        {
            if (
                resources.IsPatient(procedure.Subject, patientId)
                && OwnProcedureOrder.From(
                    procedure,
                    procedure.Code is null ? [] : [procedure.Code],
                    procedure.ReasonCode,
                    procedure.ReasonReference,
                    patientId
                )
                    is { } own
            )
                yield return own;
        }
        if (OwnProcedureOrder.From(encounter, encounter.ReasonCode, encounter.ReasonCode, [], patientId) is { } coded)
            yield return coded;
    }
}
