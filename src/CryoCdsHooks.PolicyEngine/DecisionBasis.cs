using CryoCdsHooks.PolicyEngine.Facts;
using CryoCdsHooks.PolicyEngine.Terminology;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine;

/// <summary>
/// What a conditional determination needs to be judged again once documentation arrives (DTR
/// <c>$next-question</c>, docs/dtr.md): the order, the evaluation date, the scheduled day, and the least of the
/// patient's record that gives the same answer: the resources its criteria cite as evidence, what they reference,
/// and the eGFR and tumour-size results a form asks for, without narrative or notes (docs/security.md). When that
/// subset does not reproduce the answer the whole record (narrative and notes stripped) is kept; when even that does
/// not, nothing is.
/// </summary>
public sealed record DecisionBasis(ServiceRequest Order, PatientRecord Record, DateOnly EvaluationDate)
{
    private const string OrderPart = "order";
    private const string PatientPart = "patient";
    private const string EvaluationDatePart = "evaluationDate";
    private const string ScheduledPart = "scheduled";
    private const string EntryPart = "entry";

    /// <summary>The basis to keep for <paramref name="determination"/>, or null when none reproduces it.</summary>
    public static DecisionBasis? Keep(
        IPolicyEngine engine,
        CoverageDetermination determination,
        PatientRecord record,
        DateOnly evaluationDate,
        PolicyTerminology terms
    )
    {
        var scheduled =
            determination.DateOfService.Source == ServiceDateSource.Scheduled
                ? new PlannedService(
                    "scheduled",
                    determination.DateOfService.Date,
                    determination.DateOfService.Element,
                    []
                )
                : null;
        var order = Stripped(determination.Order);
        var whole = record.AllResources().ToList();
        var cited = Cited(determination, record, terms);
        foreach (var resources in new[] { cited, whole })
        {
            var candidate = new DecisionBasis(order, Subset(record, resources, scheduled), evaluationDate);
            if (candidate.Judge(engine) is { } again && SameAnswer(again, determination))
                return candidate;
        }
        return null;
    }

    /// <summary>The determination of <see cref="Order"/> on this basis plus <paramref name="documentation"/>.</summary>
    public CoverageDetermination? Judge(IPolicyEngine engine, QuestionnaireResponse? documentation = null) =>
        engine
            .Evaluate(
                [Order],
                [Order],
                documentation is null
                    ? Record
                    : Record with
                    {
                        QuestionnaireResponses = [.. Record.QuestionnaireResponses, documentation],
                    },
                EvaluationDate
            )
            .FirstOrDefault();

    /// <summary>
    /// The value the record holds for a documentation item the engine could not use (an eGFR outside the window, a
    /// tumour size without a unit), as recorded: the latest final result of the item's measurement; null if none.
    /// </summary>
    public Quantity? RecordedValue(string linkId, PolicyTerminology terms)
    {
        var valueSet = linkId switch
        {
            AnswerCodes.Egfr => ValueSetIds.Egfr,
            _ when linkId == Rules.MissingInformationCodes.TumorSize.Code => ValueSetIds.TumorSize,
            _ => null,
        };
        if (valueSet is null)
            return null;
        return LabValues
            .Final(Record)
            .Where(e => terms[valueSet].Matches(e.Code) && e.Value is Quantity { Value: not null })
            .OrderByDescending(e => e.When)
            .Select(e => (Quantity)e.Value!.DeepCopy())
            .FirstOrDefault();
    }

    /// <summary>The basis as FHIR Parameters, for storage.</summary>
    public Parameters ToParameters()
    {
        var parameters = new Parameters();
        parameters.Add(OrderPart, Order);
        if (Record.PatientId is { } patient)
            parameters.Add(PatientPart, new FhirString(patient));
        parameters.Add(EvaluationDatePart, new Date(EvaluationDate.ToString("yyyy-MM-dd")));
        if (Record.Planned?.Start is { } start)
            parameters.Add(ScheduledPart, new Date(start.ToString("yyyy-MM-dd")));
        var fullUrls = Record.FullUrls.ToDictionary<KeyValuePair<string, Resource>, Resource, string>(
            p => p.Value,
            p => p.Key,
            ReferenceEqualityComparer.Instance
        );
        foreach (var resource in Record.AllResources())
        {
            var entry = new Parameters.ParameterComponent { Name = EntryPart };
            if (fullUrls.TryGetValue(resource, out var fullUrl))
                entry.Part.Add(new Parameters.ParameterComponent { Name = "fullUrl", Value = new FhirUri(fullUrl) });
            entry.Part.Add(new Parameters.ParameterComponent { Name = "resource", Resource = resource });
            parameters.Parameter.Add(entry);
        }
        return parameters;
    }

    /// <summary>The basis <see cref="ToParameters"/> stored; null when they are not one.</summary>
    public static DecisionBasis? FromParameters(Parameters parameters)
    {
        if (
            parameters.GetSingle(OrderPart)?.Resource is not ServiceRequest order
            || parameters.GetSingle(EvaluationDatePart)?.Value is not Date { Value: { } day }
            || !DateOnly.TryParse(day, out var evaluationDate)
        )
            return null;
        var scheduled =
            parameters.GetSingle(ScheduledPart)?.Value is Date { Value: { } start }
            && DateOnly.TryParse(start, out var s)
                ? new PlannedService("scheduled", s, null, [])
                : null;
        var entries = parameters
            .Parameter.Where(p => p.Name == EntryPart)
            .Select(p =>
                (
                    FullUrl: (p.Part.FirstOrDefault(x => x.Name == "fullUrl")?.Value as FhirUri)?.Value,
                    Resource: p.Part.FirstOrDefault(x => x.Name == "resource")?.Resource
                )
            )
            .Where(e => e.Resource is not null)
            .ToList();
        var resources = entries.Select(e => e.Resource!).ToList();
        var record = Of((parameters.GetSingle(PatientPart)?.Value as FhirString)?.Value, resources, scheduled) with
        {
            FullUrls = entries
                .Where(e => e.FullUrl is not null)
                .DistinctBy(e => e.FullUrl)
                .ToDictionary(e => e.FullUrl!, e => e.Resource!),
        };
        return new DecisionBasis(order, record, evaluationDate);
    }

    /// <summary>
    /// What the criteria cite, what that references (one step), and the measurements a form may prefill.
    /// </summary>
    private static List<Resource> Cited(
        CoverageDetermination determination,
        PatientRecord record,
        PolicyTerminology terms
    )
    {
        var references = record.References;
        var kept = new HashSet<Resource>(ReferenceEqualityComparer.Instance);
        foreach (var evidence in determination.Criteria.SelectMany(c => c.Evidence))
            if (references.Resolve(evidence.ResourceReference, null) is { } cited)
                kept.Add(cited);
        foreach (var resource in kept.ToList())
        foreach (var reference in ReferencesIn(resource))
            if (references.Resolve(reference, resource as DomainResource) is { } referenced)
                kept.Add(referenced);
        foreach (var measurement in record.Observations)
            if (
                terms[ValueSetIds.Egfr].Matches(measurement.Code)
                || terms[ValueSetIds.TumorSize].Matches(measurement.Code)
            )
                kept.Add(measurement);
        return [.. record.AllResources().Where(kept.Contains)];
    }

    private static IEnumerable<string> ReferencesIn(Base element) =>
        element
            .EnumerateElements()
            .SelectMany(e =>
                e.Value switch
                {
                    IEnumerable<Base> many => many,
                    Base one => [one],
                    _ => [],
                }
            )
            .SelectMany(child =>
                child is ResourceReference { Reference: { } reference } ? [reference] : ReferencesIn(child)
            );

    private static PatientRecord Subset(
        PatientRecord record,
        IReadOnlyList<Resource> resources,
        PlannedService? scheduled
    )
    {
        var copies = resources.ToDictionary<Resource, Resource, Resource>(
            r => r,
            Stripped,
            ReferenceEqualityComparer.Instance
        );
        return Of(record.PatientId, [.. copies.Values], scheduled) with
        {
            FullUrls = record
                .FullUrls.Where(p => copies.ContainsKey(p.Value))
                .ToDictionary(p => p.Key, p => copies[p.Value]),
        };
    }

    private static PatientRecord Of(string? patientId, IReadOnlyList<Resource> resources, PlannedService? scheduled) =>
        new()
        {
            PatientId = patientId,
            Conditions = [.. resources.OfType<Condition>()],
            Observations = [.. resources.OfType<Observation>()],
            Procedures = [.. resources.OfType<Procedure>()],
            DiagnosticReports = [.. resources.OfType<DiagnosticReport>()],
            QuestionnaireResponses = [.. resources.OfType<QuestionnaireResponse>()],
            Coverages = [.. resources.OfType<Coverage>()],
            Encounter = resources.OfType<Encounter>().FirstOrDefault(),
            Included =
            [
                .. resources.Where(r =>
                    r
                        is not (Condition or Observation or Procedure or DiagnosticReport or QuestionnaireResponse)
                            and not (Coverage or Encounter or Patient)
                ),
            ],
            Planned = scheduled,
        };

    /// <summary>A copy without what no rule reads and a person wrote: narrative and notes.</summary>
    private static T Stripped<T>(T resource)
        where T : Resource
    {
        var copy = (T)resource.DeepCopy();
        if (copy is DomainResource domain)
            domain.Text = null;
        switch (copy)
        {
            case Condition c:
                c.Note.Clear();
                break;
            case Observation o:
                o.Note.Clear();
                break;
            case Procedure p:
                p.Note.Clear();
                break;
            case ServiceRequest s:
                s.Note.Clear();
                s.PatientInstruction = null;
                break;
        }
        return copy;
    }

    /// <summary>The same outcome, the same open questions and every criterion with the same status.</summary>
    private static bool SameAnswer(CoverageDetermination again, CoverageDetermination original) =>
        again.Outcome == original.Outcome
        && again.Missing.Select(m => m.Code).SequenceEqual(original.Missing.Select(m => m.Code))
        && again.Criteria.Select(c => (c.Id, c.Status)).SequenceEqual(original.Criteria.Select(c => (c.Id, c.Status)));
}
