using CryoCdsHooks.PolicyEngine.Terminology;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>
/// Inpatient vs outpatient (<see cref="CareSettingTable"/>). The place a later hook names (the booked Appointment's
/// location, the performer an order is dispatched to: <see cref="PatientRecord.Planned"/>) decides first, since the
/// procedure happens there. Otherwise the whole hook Encounter: its class, its status (cancelled / entered-in-error
/// say nothing; planned counts for the planned setting), and for an emergency visit whether it led to an admission.
/// The note says where the setting came from whenever it is not the Encounter class's plain reading.
/// </summary>
internal static class CareSettingResolver
{
    public static (CareSetting Setting, string? Note) Resolve(PatientRecord record, PolicyTerminology terms)
    {
        var table = terms.CareSettings;
        if (record.Planned is { } planned && FromPlace(planned, table) is { } placed)
            return placed;
        if (record.Planned?.Unread is { } unread)
            return (CareSetting.Unknown, unread);
        if (record.Encounter is not { } encounter)
            return (CareSetting.Unknown, null);

        var reference = ResourceReading.ReferenceTo(encounter);
        var status = ResourceReading.CodeOf(encounter.StatusElement);
        if (table.SaysNothing(status))
            return (
                CareSetting.Unknown,
                $"{reference} is {status}: it says nothing about the care setting, which is unknown."
            );

        return KindOf(encounter, table) switch
        {
            EncounterKind.Inpatient => (CareSetting.Inpatient, null),
            EncounterKind.Outpatient => (CareSetting.Outpatient, null),
            EncounterKind.Emergency => Emergency(encounter, record, table),
            _ => (CareSetting.Unknown, null),
        };
    }

    /// <summary>
    /// An emergency visit is outpatient unless it shows an admission: a linked inpatient Encounter (its
    /// <c>partOf</c>, or one that is <c>partOf</c> it) makes it inpatient; an admit source, a discharge disposition
    /// other than home, or a <c>partOf</c> the record cannot follow make the setting unknown (never "no auth").
    /// </summary>
    private static (CareSetting, string?) Emergency(Encounter encounter, PatientRecord record, CareSettingTable table)
    {
        var reference = ResourceReading.ReferenceTo(encounter);
        var references = record.References;
        var linked = LinkedEncounters(encounter, record, table)
            .Where(other =>
                references.PointsTo(encounter.PartOf, encounter, other)
                || references.PointsTo(other.PartOf, other, encounter)
            )
            .ToList();
        if (linked.FirstOrDefault(other => KindOf(other, table) == EncounterKind.Inpatient) is { } admission)
            return (
                CareSetting.Inpatient,
                $"{reference} is an emergency visit linked to the inpatient "
                    + $"{ResourceReading.ReferenceTo(admission)}: read as inpatient."
            );

        var hospitalization = encounter.Hospitalization;
        var disposition = hospitalization
            ?.DischargeDisposition?.Coding.FirstOrDefault(c =>
                CodeSystemIdentity.Same(c.System, table.DispositionSystem)
            )
            ?.Code;
        var sign =
            hospitalization?.AdmitSource is not null ? "an admit source"
            : hospitalization?.DischargeDisposition is not null && !table.EndsWithoutAdmission(disposition)
                ? "a discharge disposition other than home"
            : encounter.PartOf is not null && linked.Count == 0 ? "a partOf Encounter that is not in the record"
            : null;
        return sign is null
            ? (CareSetting.Outpatient, null)
            : (
                CareSetting.Unknown,
                $"{reference} is an emergency visit with {sign}: it may have led to an admission, so the care "
                    + "setting is unknown."
            );
    }

    /// <summary>
    /// The setting the planned place's codes name, or null when none is in the table (the Encounter then decides).
    /// Codes naming different settings, or an emergency room, leave it unknown: never "no auth" on a guess.
    /// </summary>
    private static (CareSetting, string?)? FromPlace(PlannedService planned, CareSettingTable table)
    {
        var named = planned
            .Clues.Select(clue => (clue, venue: table.VenueOf(clue.Coding.System, clue.Coding.Code)))
            .Where(c => c.venue is not null)
            .ToList();
        if (named.Count == 0)
            return null;
        var described = string.Join(
            "; ",
            named.Select(c => $"{c.clue.Source} {c.clue.Coding.Code} ({c.venue!.Display})").Distinct()
        );
        var kinds = named.Select(c => c.venue!.Kind).Distinct().ToList();
        return kinds switch
        {
            [EncounterKind.Inpatient] => (
                CareSetting.Inpatient,
                $"Care setting inpatient, from where {planned.Source} takes place: {described}."
            ),
            [EncounterKind.Outpatient] => (
                CareSetting.Outpatient,
                $"Care setting outpatient, from where {planned.Source} takes place: {described}."
            ),
            [EncounterKind.Emergency] => (
                CareSetting.Unknown,
                $"{planned.Source} takes place at an emergency room ({described}), which may lead to an admission: "
                    + "the care setting is unknown."
            ),
            _ => (
                CareSetting.Unknown,
                $"The place of {planned.Source} names different care settings ({described}): "
                    + "the care setting is unknown."
            ),
        };
    }

    private static EncounterKind? KindOf(Encounter encounter, CareSettingTable table) =>
        encounter.Class is { } coding && CodeSystemIdentity.Same(coding.System, table.ClassSystem)
            ? table.KindOf(coding.Code)
            : null;

    /// <summary>Other Encounters the record holds (contained, included, in a Bundle), that are still valid.</summary>
    private static IEnumerable<Encounter> LinkedEncounters(
        Encounter encounter,
        PatientRecord record,
        CareSettingTable table
    ) =>
        record
            .AllResources()
            .Concat(record.FullUrls.Values)
            .Concat(encounter.Contained)
            .OfType<Encounter>()
            .Where(other =>
                !ReferenceEquals(other, encounter) && !table.SaysNothing(ResourceReading.CodeOf(other.StatusElement))
            )
            .Distinct();
}
