namespace CryoCdsHooks.PolicyEngine;

/// <summary>
/// Where and when the ordered procedure is to happen, as a later hook of the CRD workflow learns it (the booked
/// Appointment, the performer the order is dispatched to, the admission): the codes that may name the care setting
/// and the scheduled start. The setting is decided from <see cref="Clues"/> by the care-setting table, ahead of
/// the hook's Encounter; the start is the date of service.
/// </summary>
/// <param name="Source">What the plan was read from, e.g. "Appointment/apt-1".</param>
/// <param name="Start">The scheduled day, when the source names one.</param>
/// <param name="StartElement">The element the day was read from, e.g. "Appointment.start".</param>
/// <param name="Unread">
/// Why a place the hook names could not be read (a performer on another server than the client's FHIR server): when
/// no clue decides, the setting is then unknown, not the Encounter's, since the procedure happens at that place.
/// </param>
public sealed record PlannedService(
    string Source,
    DateOnly? Start,
    string? StartElement,
    IReadOnlyList<SettingClue> Clues,
    string? Unread = null
);
