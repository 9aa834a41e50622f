using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine;

/// <summary>
/// Everything the policy engine may look at for one patient, already gathered from prefetch or the FHIR server.
/// Collections hold every resource found; the engine filters by status, code and date itself.
/// </summary>
public sealed record PatientRecord
{
    /// <summary>
    /// The hook's patient (<c>context.patientId</c>): only resources about this patient are evidence
    /// (<see cref="RecordScope"/>).
    /// </summary>
    public string? PatientId { get; init; }
    public Patient? Patient { get; init; }
    public IReadOnlyList<Condition> Conditions { get; init; } = [];
    public IReadOnlyList<Observation> Observations { get; init; } = [];
    public IReadOnlyList<Procedure> Procedures { get; init; } = [];

    /// <summary>Pathology and imaging reports: their conclusion and the date of their results are evidence.</summary>
    public IReadOnlyList<DiagnosticReport> DiagnosticReports { get; init; } = [];
    public Encounter? Encounter { get; init; }

    /// <summary>
    /// DTR QuestionnaireResponses: answers to our documentation Questionnaires are evidence for the order they name
    /// (<see cref="Facts.QuestionnaireAnswers"/>).
    /// </summary>
    public IReadOnlyList<QuestionnaireResponse> QuestionnaireResponses { get; init; } = [];

    /// <summary>
    /// The booked or dispatched procedure's place and date, from a later CRD hook; null at order entry.
    /// </summary>
    public PlannedService? Planned { get; init; }

    /// <summary>
    /// Every Coverage found, of any payer and status: which one is ours for an order is decided per order.
    /// </summary>
    public IReadOnlyList<Coverage> Coverages { get; init; } = [];

    /// <summary>Resources a search returned as <c>include</c> entries (e.g. a Coverage's payor Organization).</summary>
    public IReadOnlyList<Resource> Included { get; init; } = [];

    /// <summary>Bundle <c>fullUrl</c> → resource, so <c>urn:uuid:</c> and absolute references resolve.</summary>
    public IReadOnlyDictionary<string, Resource> FullUrls { get; init; } = new Dictionary<string, Resource>();

    /// <summary>The one resolver for references into this record (see <see cref="ResourceReferences"/>).</summary>
    public ResourceReferences References => ResourceReferences.For(this);

    /// <summary>
    /// Every resource of the record, in a fixed order (the reference index and the reuse digest read it).
    /// </summary>
    public IEnumerable<Resource> AllResources() =>
        new Resource?[] { Patient, Encounter }
            .OfType<Resource>()
            .Concat(Conditions)
            .Concat(Observations)
            .Concat(Procedures)
            .Concat(DiagnosticReports)
            .Concat(QuestionnaireResponses)
            .Concat(Coverages)
            .Concat(Included);
}
