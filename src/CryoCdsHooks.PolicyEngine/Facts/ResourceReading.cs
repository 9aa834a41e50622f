using System.Globalization;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>Small readers shared by the fact extractors: status filters, dates, references.</summary>
internal static class ResourceReading
{
    /// <summary>"Observation/egfr-1"; an answer read as an Observation names its QuestionnaireResponse.</summary>
    public static string ReferenceTo(Resource resource) =>
        (resource as Observation) is { } observation && QuestionnaireAnswers.SourceOf(observation) is { } response
            ? response
            : $"{resource.TypeName}/{resource.Id}";

    /// <summary>
    /// A status or intent code as written. Reading the enum of an unknown code (kept leniently by the parser) throws;
    /// the literal lets an unknown code simply match nothing.
    /// </summary>
    public static string? CodeOf<T>(Code<T>? element)
        where T : struct, Enum => element?.JsonValue as string;

    /// <summary>
    /// Only final results may drive a threshold (preliminary, cancelled, entered-in-error are ignored).
    /// </summary>
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

    /// <summary>
    /// When a result applies, wherever the record keeps its date: its own (<see cref="WhenObserved(Observation)"/>),
    /// else that of a panel holding it (<c>hasMember</c>), else that of a final report listing it or that it was
    /// derived from (<see cref="ReportEvidence"/>).
    /// </summary>
    public static DateTimeOffset? WhenObserved(Observation observation, PatientRecord record) =>
        WhenObserved(observation)
        ?? record.References.PanelsOf(observation).Select(WhenObserved).FirstOrDefault(d => d is not null)
        ?? ReportEvidence
            .For(record)
            .ReportsOf(observation)
            .Select(ReportEvidence.WhenReported)
            .FirstOrDefault(d => d is not null);

    public static DateTimeOffset? WhenRecorded(Condition condition) =>
        ToDateTimeOffset(condition.RecordedDate) ?? ToDateTimeOffset((condition.Onset as FhirDateTime)?.Value);

    /// <summary>When a procedure happened: performedDateTime, else the end (or start) of performedPeriod.</summary>
    public static DateTimeOffset? WhenPerformed(Procedure procedure) =>
        procedure.Performed switch
        {
            FhirDateTime dateTime => ToDateTimeOffset(dateTime.Value),
            Period period => ToDateTimeOffset(period.End) ?? ToDateTimeOffset(period.Start),
            _ => null,
        };

    public static DateTimeOffset? ToDateTimeOffset(string? fhirDateTime) =>
        fhirDateTime is not null && new FhirDateTime(fhirDateTime).TryToDateTimeOffset(TimeSpan.Zero, out var value)
            ? value
            : null;

    /// <summary>The calendar day of a timestamp in its own offset (as written, not converted to UTC).</summary>
    public static DateOnly? DateOf(DateTimeOffset? value) => value is { } v ? DateOnly.FromDateTime(v.DateTime) : null;

    /// <summary>
    /// mCODE records a tumour's histology (ICD-O-3 or SNOMED CT morphology) in this Condition extension.
    /// </summary>
    public const string HistologyExtensionUrl =
        "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-histology-morphology-behavior";

    public static CodeableConcept? HistologyOf(Condition condition) =>
        condition.GetExtensionValue<CodeableConcept>(HistologyExtensionUrl);

    /// <summary>The value a reading carries, ignoring anything with a dataAbsentReason.</summary>
    public static DataType? ValueOf(Observation observation) =>
        observation.DataAbsentReason is null ? observation.Value : null;

    public static string Format(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>"C64.1 Malignant neoplasm of right kidney" from the first coding (display or text as label).</summary>
    public static string Describe(CodeableConcept? concept)
    {
        var coding = concept?.Coding.FirstOrDefault();
        var label = coding?.Display ?? concept?.Text;
        return coding is null ? label ?? "(uncoded)"
            : label is null ? coding.Code ?? "(uncoded)"
            : $"{coding.Code} {label}";
    }
}
