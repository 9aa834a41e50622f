using System.Runtime.CompilerServices;
using CryoCdsHooks.PolicyEngine.Terminology;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>
/// What the record's DiagnosticReports (pathology, imaging, lab) say, worked out once per record. A report is
/// evidence only when its status is final, amended, corrected or appended and it is about the record's patient.
/// A report is tied to the Conditions whose <c>evidence.detail</c> or <c>stage.assessment</c> names it; its
/// <c>conclusionCode</c> then states those tumours' histology, and its <c>result</c> Observations are about them.
/// A result without a date of its own takes the report's (<c>effective[x]</c>, else <c>issued</c>).
/// </summary>
internal sealed class ReportEvidence
{
    private static readonly ConditionalWeakTable<PatientRecord, ReportEvidence> Cache = [];
    private static readonly IEqualityComparer<Resource> SameInstance = ReferenceEqualityComparer.Instance;

    private readonly PatientRecord _record;
    private readonly HashSet<Resource> _countable;
    private readonly HashSet<Resource> _recordConditions;
    private readonly ILookup<Resource, DiagnosticReport> _reportsByResult;
    private readonly ILookup<Resource, Condition> _conditionsByReport;
    private readonly ILookup<string, DiagnosticReport> _reportsByConditionId;
    private readonly ILookup<Resource, DiagnosticReport> _reportsByCondition;

    private ReportEvidence(PatientRecord record)
    {
        _record = record;
        // Reports of another subject were set aside by RecordScope before any rule.
        Countable = [.. record.DiagnosticReports.Where(IsFinal)];
        _countable = new HashSet<Resource>(Countable, SameInstance);
        _recordConditions = new HashSet<Resource>(record.Conditions, SameInstance);
        var references = record.References;
        _reportsByResult = (
            from report in Countable
            from result in report.Result
            let observation = references.Resolve<Observation>(result, report)
            where observation is not null
            select (Result: (Resource)observation, Report: report)
        ).ToLookup(x => x.Result, x => x.Report, SameInstance);
        var ties = (
            from condition in record.Conditions
            from cited in condition
                .Evidence.SelectMany(e => e.Detail)
                .Concat(condition.Stage.SelectMany(s => s.Assessment))
            let report = references.Resolve<DiagnosticReport>(cited, condition)
            where report is not null && _countable.Contains(report)
            select (Report: report, Condition: condition)
        ).ToList();
        _conditionsByReport = ties.ToLookup(t => (Resource)t.Report, t => t.Condition, SameInstance);
        _reportsByCondition = ties.ToLookup(t => (Resource)t.Condition, t => t.Report, SameInstance);
        _reportsByConditionId = ties.Where(t => t.Condition.Id is not null)
            .ToLookup(t => t.Condition.Id!, t => t.Report, StringComparer.Ordinal);
    }

    public static ReportEvidence For(PatientRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Cache.GetValue(record, r => new ReportEvidence(r));
    }

    /// <summary>The reports that may be evidence, in record order.</summary>
    public IReadOnlyList<DiagnosticReport> Countable { get; }

    /// <summary>Countable reports listing the observation as a result, or that it was derived from.</summary>
    public IEnumerable<DiagnosticReport> ReportsOf(Observation observation) =>
        _reportsByResult[observation]
            .Concat(
                observation
                    .DerivedFrom.Select(r => _record.References.Resolve<DiagnosticReport>(r, observation))
                    .OfType<DiagnosticReport>()
                    .Where(_countable.Contains)
            )
            .Distinct(SameInstance)
            .Cast<DiagnosticReport>();

    /// <summary>The Conditions whose <c>evidence.detail</c> or <c>stage.assessment</c> names the report.</summary>
    public IEnumerable<Condition> ConditionsTiedTo(DiagnosticReport report) => _conditionsByReport[report];

    /// <summary>
    /// Countable reports named by the condition's <c>evidence.detail</c>; for a record Condition, by any copy with its
    /// id too (duplicates of one Condition are one record). A Condition found elsewhere (contained) answers for itself.
    /// </summary>
    public IEnumerable<DiagnosticReport> TiedTo(Condition condition) =>
        condition.Id is { } id && _recordConditions.Contains(condition)
            ? _reportsByConditionId[id].Distinct(SameInstance).Cast<DiagnosticReport>()
            : _reportsByCondition[condition];

    /// <summary>Countable reports tied to no Condition at all.</summary>
    public IEnumerable<DiagnosticReport> Untied => Countable.Where(r => !_conditionsByReport[r].Any());

    /// <summary>
    /// The conclusion codings of an untied report that can name a tumour by themselves: ICD-O-3 morphology names no
    /// organ (an adenocarcinoma may be the colon's), so without a tie to the tumour only disorder codes are read.
    /// </summary>
    public static CodeableConcept SiteNamingConclusion(DiagnosticReport report) =>
        new()
        {
            Coding =
            [
                .. report
                    .ConclusionCode.SelectMany(c => c.Coding)
                    .Where(c => !CodeSystemIdentity.Same(c.System, CodeSystems.IcdO3)),
            ],
        };

    /// <summary>
    /// When a report applies: <c>effectiveDateTime</c> / <c>effectivePeriod</c> end, else <c>issued</c>.
    /// </summary>
    public static DateTimeOffset? WhenReported(DiagnosticReport report) =>
        report.Effective switch
        {
            FhirDateTime dateTime => ResourceReading.ToDateTimeOffset(dateTime.Value),
            Period period => ResourceReading.ToDateTimeOffset(period.End)
                ?? ResourceReading.ToDateTimeOffset(period.Start),
            _ => null,
        } ?? report.Issued;

    public static Evidence ToEvidence(DiagnosticReport report) =>
        new(
            ResourceReading.ReferenceTo(report),
            $"{string.Join("; ", report.ConclusionCode.Select(ResourceReading.Describe))} "
                + $"({ResourceReading.Describe(report.Code)})",
            WhenReported(report)
        );

    /// <summary>R4: appended is a kind of amended (a final report with content added).</summary>
    private static bool IsFinal(DiagnosticReport report) =>
        report.Status
            is DiagnosticReport.DiagnosticReportStatus.Final
                or DiagnosticReport.DiagnosticReportStatus.Amended
                or DiagnosticReport.DiagnosticReportStatus.Corrected
                or DiagnosticReport.DiagnosticReportStatus.Appended;
}
