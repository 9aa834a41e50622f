using CryoCdsHooks.FhirAccess;
using CryoCdsHooks.PolicyEngine;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.Web.Hooks.Kinds;

/// <summary>
/// appointment-book (CRD primary): each booked Appointment in <c>context.appointments</c> is answered on itself,
/// for the ServiceRequests it is <c>basedOn</c> (else the procedure code of its own serviceType / reasonCode). The
/// setting comes from where it is booked (participant Location, HealthcareService, PractitionerRole), the date of
/// service is <c>Appointment.start</c>.
/// </summary>
public sealed class AppointmentBookHook : HookKind
{
    public const string AppointmentsKey = "appointments";
    private const string AppointmentIdsToken = "{{context.appointments.Appointment.id}}";

    public override string Hook => "appointment-book";
    public override string ServiceId => "cryoablation-appointment-book";
    public override string Title => "Cryoablation coverage (BCBSMA policy 260) when the procedure is booked";
    public override string Description =>
        "Checks a booked cryoablation against Blue Cross Blue Shield of Massachusetts Medical Policy 260 at the "
        + "place and date it is booked for, and returns coverage and prior authorization on the Appointment.";
    public override bool IsPrimary => true;
    public override IReadOnlyList<string> ContextFields { get; } = ["userId", "encounterId", "appointments"];

    /// <summary>
    /// CRD's own Appointment query (CRD 2.0.1 foundation.md "Prefetch", its table of queries per resource): the
    /// booked Appointments with their patient, PractitionerRoles (and the roles' organizations and practitioners)
    /// and locations. The orders they are based on are not in it: the loader reads them (<see cref="Follow"/>).
    /// </summary>
    public override IReadOnlyDictionary<string, string> OwnPrefetch { get; } =
        new Dictionary<string, string>
        {
            [AppointmentsKey] =
                "Appointment?_id="
                + AppointmentIdsToken
                + "&_include=Appointment:patient&_include=Appointment:practitioner:PractitionerRole"
                + "&_include:iterate=PractitionerRole:organization&_include:iterate=PractitionerRole:practitioner"
                + "&_include=Appointment:location",
        };

    private static readonly HashSet<Appointment.AppointmentStatus> NotTakingPlace =
    [
        Appointment.AppointmentStatus.Cancelled,
        Appointment.AppointmentStatus.Noshow,
        Appointment.AppointmentStatus.EnteredInError,
    ];

    /// <summary>
    /// The template with the booked Appointments' ids (comma-separated, FHIR's "or"): the server returns them with
    /// the orders they are based on and the places they name (<c>_include</c>).
    /// </summary>
    internal override IReadOnlyList<HookKeyQuery> OwnQueries(HookRequest request)
    {
        var ids = request
            .Content.Resources.Select(r => r.Resource.Id)
            .Where(id => !string.IsNullOrEmpty(id))
            .Select(id => Uri.EscapeDataString(id!))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var query =
            ids.Count == 0
                ? null
                : OwnPrefetch[AppointmentsKey]
                    .Replace(AppointmentIdsToken, string.Join(",", ids), StringComparison.Ordinal);
        return [new(AppointmentsKey, query, typeof(Appointment), IsRead: false, Follow)];
    }

    /// <summary>
    /// What the loader reads when the key did not bring it: the orders an Appointment is based on (CRD's query
    /// does not include them) and the places its PractitionerRoles name.
    /// </summary>
    private static IEnumerable<ResourceReference> Follow(Resource resource) =>
        resource is Appointment appointment ? appointment.BasedOn : PlaceClues.Followed(resource);

    internal override HookContextContent ReadContext(ContextReader context) =>
        new() { Resources = context.BundleResources<Appointment>("appointments", onlyOfType: true) };

    internal override IReadOnlyList<HookSubject> Subjects(HookRequest request, HookResources resources)
    {
        var subjects = new List<HookSubject>();
        foreach (var booked in request.Content.Resources)
        {
            var appointment = (Appointment)booked.Resource;
            var reference = booked.Reference;
            if (appointment.Status is { } status && NotTakingPlace.Contains(status))
            {
                resources.Notes.Add($"{reference} is {appointment.StatusElement.JsonValue}: not answered.");
                continue;
            }
            var patients = appointment.Participant.Where(p => p.Actor?.Reference?.StartsWith("Patient/") == true);
            if (patients.Any() && !patients.Any(p => resources.IsPatient(p.Actor, request.PatientId)))
            {
                resources.Notes.Add($"{reference} is for another patient: not answered.");
                continue;
            }

            var planned = new PlannedService(
                reference,
                appointment.Start is { } start ? DateOnly.FromDateTime(start.DateTime) : null,
                "Appointment.start",
                [
                    .. Place(appointment, resources),
                    .. PlaceClues.Codes($"{reference} serviceType", appointment.ServiceType),
                ]
            );
            foreach (var order in Orders(appointment, request.PatientId, resources))
                subjects.Add(new HookSubject(order, booked, planned));
        }
        return subjects;
    }

    /// <summary>The places the booking names, except participants that declined.</summary>
    private static IEnumerable<SettingClue> Place(Appointment appointment, HookResources resources) =>
        appointment
            .Participant.Where(p => p.Status != ParticipationStatus.Declined)
            .SelectMany(p => PlaceClues.Of(resources.Resolve<Resource>(p.Actor, appointment), resources));

    private static IEnumerable<DraftOrder> Orders(Appointment appointment, string patientId, HookResources resources)
    {
        var orders = new List<DraftOrder>();
        foreach (var basedOn in appointment.BasedOn)
        {
            if (resources.Resolve<ServiceRequest>(basedOn, appointment) is not { } order)
            {
                resources.Notes.Add(
                    $"Appointment/{appointment.Id} is based on {basedOn.Reference}, which neither the request nor the "
                        + "FHIR server gave."
                );
                continue;
            }
            if (resources.IsPatient(order.Subject, patientId))
                orders.Add(new DraftOrder(order, ContextResource.Of(order).Json));
        }
        if (orders.Count == 0 && appointment.BasedOn.Count == 0)
        {
            var own = OwnProcedureOrder.From(
                appointment,
                [.. appointment.ServiceType, .. appointment.ReasonCode],
                appointment.ReasonCode,
                appointment.ReasonReference,
                patientId
            );
            if (own is not null)
                orders.Add(own);
        }
        return orders;
    }
}
