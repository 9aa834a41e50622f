using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>
/// Every place a record keeps a lab value: the Observation's own value, a component of a panel, or a member
/// Observation of a panel (hasMember); one without a date of its own takes its panel's or report's
/// (<see cref="ResourceReading.WhenObserved(Observation, PatientRecord)"/>).
/// </summary>
internal static class LabValues
{
    public sealed record Entry(Observation Source, CodeableConcept Code, DataType? Value, DateTimeOffset? When);

    public static IEnumerable<Entry> Final(PatientRecord record) =>
        record
            .Observations.Where(ResourceReading.IsFinal)
            .SelectMany(observation =>
            {
                var when = ResourceReading.WhenObserved(observation, record);
                return observation
                    .Component.Where(c => c.DataAbsentReason is null && c.Code is not null)
                    .Select(c => new Entry(observation, c.Code, c.Value, when))
                    .Prepend(new Entry(observation, observation.Code, ResourceReading.ValueOf(observation), when));
            });
}
