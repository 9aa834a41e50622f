using CryoCdsHooks.PolicyEngine.Facts;
using CryoCdsHooks.PolicyEngine.Terminology;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Rules;

/// <summary>One order and the patient facts the rules may ask for; each fact is read at most once.</summary>
internal sealed class EvaluationContext
{
    private readonly Lazy<KidneyFunctionFact> _kidneyFunction;
    private readonly Lazy<SurgicalCandidacy> _surgicalCandidacy;
    private readonly Lazy<SingleKidneyFact> _singleKidney;
    private readonly DateOnly _evaluationDate;

    public EvaluationContext(ServiceRequest order, string cptCode, PatientRecord record, ClinicalConditions conditions, DateOnly evaluationDate, PolicyTerminology terms, ReadingGuard guard)
        : this(order, cptCode, record, conditions, evaluationDate, terms, guard, countsUnconfirmed: false)
    {
    }

    private EvaluationContext(ServiceRequest order, string cptCode, PatientRecord record, ClinicalConditions conditions, DateOnly evaluationDate, PolicyTerminology terms, ReadingGuard guard, bool countsUnconfirmed)
    {
        Order = order;
        _evaluationDate = evaluationDate;
        CountsUnconfirmed = countsUnconfirmed;
        Guard = guard;
        CptCode = cptCode;
        Record = record;
        Conditions = conditions;
        Terms = terms;
        // The order's date of service decides what "recent" means (the one rule of ServiceDate.Of).
        DateOfService = ServiceDate.Of(order, evaluationDate);
        ReferenceDate = DateOfService.Date;
        _kidneyFunction = new(() => KidneyFunctionExtractor.Extract(record, conditions, ReferenceDate, terms, guard));
        _surgicalCandidacy = new(() => SurgicalCandidacyExtractor.Extract(record, conditions, terms));
        _singleKidney = new(() => SingleKidneyExtractor.Extract(record, conditions, terms));
    }

    public ServiceRequest Order { get; }
    public string CptCode { get; }
    public PatientRecord Record { get; }
    public ClinicalConditions Conditions { get; }
    public PolicyTerminology Terms { get; }
    public ServiceDate DateOfService { get; }
    public DateOnly ReferenceDate { get; }
    public ReadingGuard Guard { get; }

    /// <summary>True in the context that counts suspected Conditions and preliminary results as confirmed (I-17).</summary>
    public bool CountsUnconfirmed { get; }

    /// <summary>The same order judged as if every unconfirmed finding of the record were confirmed (I-17).</summary>
    public EvaluationContext AsIfConfirmed() =>
        new(Order, CptCode, Record, Conditions.AsIfConfirmed(), _evaluationDate, Terms, Guard, countsUnconfirmed: true);

    public KidneyFunctionFact KidneyFunction => _kidneyFunction.Value;
    public SurgicalCandidacy SurgicalCandidacy => _surgicalCandidacy.Value;
    public SingleKidneyFact SingleKidney => _singleKidney.Value;

    public TumorTargets Targets(params string[] siteValueSets) => TumorTargeting.Resolve(Order, Conditions, Record, Terms, siteValueSets);

    /// <summary>Size of the target tumour, read from observations tied to it (<see cref="TumorObservationLinks"/>).</summary>
    public TumorSizeMeasurement? TumorSize(TumorTargets targets, IEnumerable<ClassifiedCondition> tumor) =>
        TumorSizeExtractor.Latest(Record, Scope(targets, tumor), ReferenceDate, Terms, Guard);

    public StageAssessment Staging(TumorTargets targets, IEnumerable<ClassifiedCondition> tumor, StagingSite site) =>
        StagingExtractor.Assess(Record, Scope(targets, tumor), Conditions, Terms, site, Guard);

    private TumorScope Scope(TumorTargets targets, IEnumerable<ClassifiedCondition> tumor) =>
        new(tumor.Select(t => t.Resource).ToList(), targets.Side, targets.IsOnlyTumor, CountsUnconfirmed);

    public DocumentedJudgement? Attestation(string code) => AttestationReader.Latest(Record, code);

    /// <summary>By the condition's code, or by its mCODE histology (the histology value sets hold ICD-O-3 morphology).</summary>
    public bool IsIn(ClassifiedCondition condition, string valueSetId) =>
        Terms[valueSetId].Matches(condition.Resource.Code) || Terms[valueSetId].Matches(ResourceReading.HistologyOf(condition.Resource));
}
