using CryoCdsHooks.PolicyEngine.Facts;
using CryoCdsHooks.PolicyEngine.Terminology;
using CryoCdsHooks.PolicyEngine.Versions;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Rules;

/// <summary>One order and the patient facts the rules may ask for; each fact is read at most once.</summary>
internal sealed class EvaluationContext
{
    private readonly Lazy<KidneyFunctionFact> _kidneyFunction;
    private readonly Lazy<SurgicalCandidacy> _surgicalCandidacy;
    private readonly Lazy<SingleKidneyFact> _singleKidney;
    private readonly DateOnly _evaluationDate;

    public EvaluationContext(
        ServiceRequest order,
        string cptCode,
        PatientRecord record,
        ClinicalConditions conditions,
        IReadOnlyList<UnreadResource> unread,
        DateOnly evaluationDate,
        PolicyNumbers numbers,
        PolicyTerminology terms,
        ReadingGuard guard
    )
        : this(
            order,
            cptCode,
            record,
            conditions,
            unread,
            evaluationDate,
            numbers,
            terms,
            guard,
            countsUnconfirmed: false
        ) { }

    private EvaluationContext(
        ServiceRequest order,
        string cptCode,
        PatientRecord record,
        ClinicalConditions conditions,
        IReadOnlyList<UnreadResource> unread,
        DateOnly evaluationDate,
        PolicyNumbers numbers,
        PolicyTerminology terms,
        ReadingGuard guard,
        bool countsUnconfirmed
    )
    {
        Unread = unread;
        Numbers = numbers;
        Order = order;
        _evaluationDate = evaluationDate;
        CountsUnconfirmed = countsUnconfirmed;
        Guard = guard;
        CptCode = cptCode;
        Record = record;
        Conditions = conditions;
        Terms = terms;
        // The order's date of service decides what "recent" means (the one rule of ServiceDate.Of).
        DateOfService = ServiceDate.Of(order, evaluationDate, record.Planned);
        ReferenceDate = DateOfService.Date;
        _kidneyFunction = new(() =>
            KidneyFunctionExtractor.Extract(record, conditions, ReferenceDate, numbers, terms, guard)
        );
        _surgicalCandidacy = new(() => SurgicalCandidacyExtractor.Extract(record, conditions, terms));
        _singleKidney = new(() => SingleKidneyExtractor.Extract(record, conditions, terms));
    }

    public ServiceRequest Order { get; }

    /// <summary>
    /// What was documented for this order in answers to our Questionnaires (histology, side, treated tumour; the rest
    /// is in <see cref="Record"/>).
    /// </summary>
    public OrderAnswers Answers { get; init; } = OrderAnswers.None;

    /// <summary>The numbers of the edition that judges this order.</summary>
    public PolicyNumbers Numbers { get; }
    public string CptCode { get; }
    public PatientRecord Record { get; }
    public ClinicalConditions Conditions { get; }
    public PolicyTerminology Terms { get; }
    public ServiceDate DateOfService { get; }
    public DateOnly ReferenceDate { get; }
    public ReadingGuard Guard { get; }

    /// <summary>
    /// True in the context that counts suspected Conditions and preliminary results as confirmed (I-17).
    /// </summary>
    public bool CountsUnconfirmed { get; }

    /// <summary>The patient's resources set aside for a modifierExtension: not evidence, weighed by I-17.</summary>
    public IReadOnlyList<UnreadResource> Unread { get; }

    /// <summary>
    /// The same order judged as if every unconfirmed finding of the record were confirmed and every resource set aside
    /// for a modifierExtension meant what it says without it (I-17).
    /// </summary>
    public EvaluationContext AsIfConfirmed()
    {
        var conditions = Conditions.AsIfConfirmed(Unread.Select(u => u.Resource).OfType<Condition>());
        return new EvaluationContext(
            Order,
            CptCode,
            RecordScope.AsIfUnderstood(Record, Unread),
            conditions,
            Unread,
            _evaluationDate,
            Numbers,
            Terms,
            Guard,
            countsUnconfirmed: true
        )
        {
            Answers = Answers,
        };
    }

    public KidneyFunctionFact KidneyFunction => _kidneyFunction.Value;
    public SurgicalCandidacy SurgicalCandidacy => _surgicalCandidacy.Value;
    public SingleKidneyFact SingleKidney => _singleKidney.Value;

    public TumorTargets Targets(params string[] siteValueSets) =>
        TumorTargeting.Resolve(Order, Conditions, Record, Terms, siteValueSets, Answers);

    /// <summary>
    /// Size of the target tumour, read from observations tied to it (<see cref="TumorObservationLinks"/>).
    /// </summary>
    public TumorSizeMeasurement? TumorSize(TumorTargets targets, IEnumerable<ClassifiedCondition> tumor) =>
        TumorSizeExtractor.Latest(Record, Scope(targets, tumor), ReferenceDate, Terms, Guard);

    public StageAssessment Staging(TumorTargets targets, IEnumerable<ClassifiedCondition> tumor, StagingSite site) =>
        StagingExtractor.Assess(Record, Scope(targets, tumor), Conditions, Terms, site, Guard);

    private TumorScope Scope(TumorTargets targets, IEnumerable<ClassifiedCondition> tumor) =>
        new(tumor.Select(t => t.Resource).ToList(), targets.Side, targets.IsOnlyTumor, CountsUnconfirmed)
        {
            OtherRecordsAtSite = targets.IsOnlyTumor ? [.. targets.UnchosenAtSite.Select(c => c.Resource)] : [],
        };

    public LatestJudgement Attestation(string code) => AttestationReader.Latest(Record, code);

    /// <summary>
    /// Every concept that says what a condition is: its code, its mCODE histology (the histology value sets hold
    /// ICD-O-3 morphology) and the <c>conclusionCode</c> of each final report its <c>evidence.detail</c> names.
    /// </summary>
    public IReadOnlyList<CodeableConcept?> ConceptsOf(ClassifiedCondition condition) =>
        [
            condition.Resource.Code,
            ResourceReading.HistologyOf(condition.Resource),
            .. Reports.TiedTo(condition.Resource).SelectMany(r => r.ConclusionCode),
        ];

    public bool IsIn(ClassifiedCondition condition, string valueSetId) =>
        ConceptsOf(condition).Any(Terms[valueSetId].Matches);

    /// <summary>The condition and the final reports tied to it, as evidence.</summary>
    public IEnumerable<Evidence> EvidenceOf(ClassifiedCondition condition) =>
        Reports.TiedTo(condition.Resource).Select(ReportEvidence.ToEvidence).Prepend(condition.ToEvidence());

    /// <summary>
    /// Final reports tied to no Condition, read for the target like an untied observation: only when it is the only
    /// tumour at the site, and only by their disorder codes (<see cref="ReportEvidence.SiteNamingConclusion"/>).
    /// </summary>
    public IReadOnlyList<(CodeableConcept Conclusion, Evidence Evidence)> UntiedReportConclusions(
        TumorTargets targets
    ) =>
        targets.IsOnlyTumor
            ? [.. Reports.Untied.Select(r => (ReportEvidence.SiteNamingConclusion(r), ReportEvidence.ToEvidence(r)))]
            : [];

    private ReportEvidence Reports => ReportEvidence.For(Record);
}
