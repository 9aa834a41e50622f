using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>
/// Every place a record keeps a lab value: the Observation's own value, a component of a panel, or a member
/// Observation of a panel (hasMember), which takes the panel's date when it has none of its own.
/// </summary>
internal static class LabValues
{
    public sealed record Entry(Observation Source, CodeableConcept Code, DataType? Value, DateTimeOffset? When);

    public static IEnumerable<Entry> Final(PatientRecord record) =>
        record.Observations.Where(ResourceReading.IsFinal).SelectMany(observation =>
        {
            var when = ResourceReading.WhenObserved(observation) ?? PanelDate(record, observation);
            return observation.Component
                .Where(c => c.DataAbsentReason is null && c.Code is not null)
                .Select(c => new Entry(observation, c.Code, c.Value, when))
                .Prepend(new Entry(observation, observation.Code, ResourceReading.ValueOf(observation), when));
        });

    private static DateTimeOffset? PanelDate(PatientRecord record, Observation member) =>
        record.References.PanelsOf(member)
            .Select(ResourceReading.WhenObserved)
            .FirstOrDefault(d => d is not null);
}
