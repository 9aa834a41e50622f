using System.Globalization;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>Small readers shared by the fact extractors: status filters, dates, references.</summary>
internal static class ResourceReading
{
    public static string ReferenceTo(Resource resource) => $"{resource.TypeName}/{resource.Id}";

    /// <summary>Only final results may drive a threshold (preliminary, cancelled, entered-in-error are ignored).</summary>
    public static bool IsFinal(Observation observation) =>
        observation.Status is ObservationStatus.Final or ObservationStatus.Amended or ObservationStatus.Corrected;

    /// <summary>When the observation applies: effectiveDateTime / effectivePeriod.end, else issued.</summary>
    public static DateTimeOffset? WhenObserved(Observation observation) =>
        observation.Effective switch
        {
            FhirDateTime dateTime => ToDateTimeOffset(dateTime.Value),
            Period period => ToDateTimeOffset(period.End) ?? ToDateTimeOffset(period.Start),
            Instant instant => instant.Value,
            _ => null,
        } ?? observation.Issued;

    public static DateTimeOffset? WhenRecorded(Condition condition) =>
        ToDateTimeOffset(condition.RecordedDate) ?? ToDateTimeOffset((condition.Onset as FhirDateTime)?.Value);

    public static DateTimeOffset? ToDateTimeOffset(string? fhirDateTime) =>
        fhirDateTime is not null && new FhirDateTime(fhirDateTime).TryToDateTimeOffset(TimeSpan.Zero, out var value) ? value : null;


    /// <summary>
    /// False only when the observation names other Conditions as its focus (mCODE links staging and size to the
    /// cancer this way); observations without a Condition focus apply to every tumour. Focus references are
    /// followed with the record's one resolver, so every reference form counts.
    /// </summary>
    public static bool IsAbout(Observation observation, IEnumerable<Condition> tumors, ResourceReferences references)
    {
        var conditionFocus = observation.Focus
            .Where(f => references.TypeOf(f, observation) == "Condition")
            .ToList();
        if (conditionFocus.Count == 0) return true;
        var targets = tumors.ToList();
        return conditionFocus
            .Select(f => references.Resolve<Condition>(f, observation))
            .Any(c => c is not null && targets.Any(t => ReferenceEquals(t, c) || (t.Id is not null && t.Id == c.Id)));
    }

    /// <summary>The value a reading carries, ignoring anything with a dataAbsentReason.</summary>
    public static DataType? ValueOf(Observation observation) => observation.DataAbsentReason is null ? observation.Value : null;

    public static string Format(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>"C64.1 Malignant neoplasm of right kidney" from the first coding (display or text as label).</summary>
    public static string Describe(CodeableConcept? concept)
    {
        var coding = concept?.Coding.FirstOrDefault();
        var label = coding?.Display ?? concept?.Text;
        return coding is null ? label ?? "(uncoded)" : label is null ? coding.Code ?? "(uncoded)" : $"{coding.Code} {label}";
    }
}
