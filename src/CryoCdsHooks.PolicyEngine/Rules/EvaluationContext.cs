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

    public EvaluationContext(ServiceRequest order, string cptCode, PatientRecord record, ClinicalConditions conditions, DateOnly evaluationDate, PolicyTerminology terms, ReadingGuard guard)
    {
        Order = order;
        Guard = guard;
        CptCode = cptCode;
        Record = record;
        Conditions = conditions;
        Terms = terms;
        // The order's own date decides what "recent" means; the hook's date only stands in when it is absent.
        ReferenceDate = ResourceReading.DateOf(ResourceReading.ToDateTimeOffset(order.AuthoredOn)) ?? evaluationDate;
        _kidneyFunction = new(() => KidneyFunctionExtractor.Extract(record, conditions, ReferenceDate, terms, guard));
        _surgicalCandidacy = new(() => SurgicalCandidacyExtractor.Extract(record, conditions, terms));
        _singleKidney = new(() => SingleKidneyExtractor.Extract(record, conditions, terms));
    }

    public ServiceRequest Order { get; }
    public string CptCode { get; }
    public PatientRecord Record { get; }
    public ClinicalConditions Conditions { get; }
    public PolicyTerminology Terms { get; }
    public DateOnly ReferenceDate { get; }
    public ReadingGuard Guard { get; }

    public KidneyFunctionFact KidneyFunction => _kidneyFunction.Value;
    public SurgicalCandidacy SurgicalCandidacy => _surgicalCandidacy.Value;
    public SingleKidneyFact SingleKidney => _singleKidney.Value;

    public TumorTargets Targets(params string[] siteValueSets) => TumorTargeting.Resolve(Order, Conditions, Terms, siteValueSets);

    public TumorSizeMeasurement? TumorSize(IEnumerable<ClassifiedCondition> targetTumors) =>
        TumorSizeExtractor.Latest(Record, targetTumors.Select(t => t.Resource).ToList(), ReferenceDate, Terms, Guard);

    public StageAssessment Staging(IEnumerable<ClassifiedCondition> targetTumors) =>
        StagingExtractor.Assess(Record, targetTumors.Select(t => t.Resource), Conditions, Terms, Guard);

    public DocumentedJudgement? Attestation(string code) => AttestationReader.Latest(Record, code);

    public bool IsIn(ClassifiedCondition condition, string valueSetId) => Terms[valueSetId].Matches(condition.Resource.Code);
}
