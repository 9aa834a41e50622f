using CryoCdsHooks.PolicyEngine.Terminology;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Tests.TestData;

/// <summary>Builds a <see cref="PatientRecord"/> in code; every date is relative to <see cref="OrderDate"/>.</summary>
internal sealed class RecordBuilder
{
    public static readonly DateOnly OrderDate = new(2026, 10, 1);

    private readonly List<Condition> _conditions = [];
    private readonly List<Observation> _observations = [];
    private readonly List<Procedure> _procedures = [];
    private readonly List<DiagnosticReport> _reports = [];
    private readonly List<QuestionnaireResponse> _responses = [];
    private Encounter? _encounter = Encounter("AMB");
    private int _nextId;

    public static string DaysBefore(int days) => OrderDate.AddDays(-days).ToString("yyyy-MM-dd");

    public RecordBuilder Condition(
        string code,
        string system = CodeSystems.Icd10Cm,
        string? clinicalStatus = "active",
        string? verificationStatus = "confirmed",
        string? id = null,
        Action<Condition>? configure = null
    )
    {
        var condition = new Condition
        {
            Id = id ?? NextId("cond"),
            Code = new CodeableConcept(system, code),
            ClinicalStatus = clinicalStatus is null
                ? null
                : new CodeableConcept("http://terminology.hl7.org/CodeSystem/condition-clinical", clinicalStatus),
            VerificationStatus = verificationStatus is null
                ? null
                : new CodeableConcept("http://terminology.hl7.org/CodeSystem/condition-ver-status", verificationStatus),
            RecordedDate = DaysBefore(30),
        };
        configure?.Invoke(condition);
        _conditions.Add(condition);
        return this;
    }

    public RecordBuilder Egfr(
        decimal value,
        string unit = "mL/min/{1.73_m2}",
        int daysBefore = 10,
        string loinc = "98979-8",
        ObservationStatus status = ObservationStatus.Final,
        Quantity.QuantityComparator? comparator = null
    ) =>
        Observation(
            CodeSystems.Loinc,
            loinc,
            new Quantity
            {
                Value = value,
                Unit = unit,
                Code = unit,
                System = CodeSystems.Ucum,
                Comparator = comparator,
            },
            daysBefore,
            status
        );

    public RecordBuilder EgfrText(string text, int daysBefore = 10) =>
        Observation(CodeSystems.Loinc, "98979-8", new FhirString(text), daysBefore);

    public RecordBuilder TumorSize(
        decimal value,
        string unit,
        int daysBefore = 5,
        string loinc = "21889-1",
        bool asComponent = false,
        ObservationStatus status = ObservationStatus.Final,
        string? focus = null
    )
    {
        var quantity = new Quantity
        {
            Value = value,
            Unit = unit,
            Code = unit,
            System = CodeSystems.Ucum,
        };
        if (!asComponent)
            return Observation(CodeSystems.Loinc, loinc, quantity, daysBefore, status, o => FocusOn(o, focus));
        return Observation(CodeSystems.Loinc, loinc, null, daysBefore, status, o =>
        {
            FocusOn(o, focus);
            o.Component.Add(
                new Observation.ComponentComponent
                {
                    Code = new CodeableConcept(CodeSystems.Loinc, "33728-7"),
                    Value = quantity,
                }
            );
        });
    }

    private static void FocusOn(Observation observation, string? conditionId)
    {
        if (conditionId is not null)
            observation.Focus.Add(new ResourceReference($"Condition/{conditionId}"));
    }

    /// <summary>A staging Observation (stage group, T, N or M) with a coded value.</summary>
    public RecordBuilder Staging(
        string observationCode,
        string valueSystem,
        string valueCode,
        string? valueDisplay = null,
        string observationSystem = CodeSystems.Loinc,
        int daysBefore = 7,
        string? focus = null
    ) =>
        Observation(
            observationSystem,
            observationCode,
            new CodeableConcept(valueSystem, valueCode, valueDisplay, null),
            daysBefore,
            configure: o => FocusOn(o, focus)
        );

    public RecordBuilder StagingText(string observationCode, string text, int daysBefore = 7) =>
        Observation(CodeSystems.Loinc, observationCode, new CodeableConcept { Text = text }, daysBefore);

    /// <summary>cN0 + cM0 (SNOMED AJCC values).</summary>
    public RecordBuilder NoSpread(int daysBefore = 7, string? focus = null) =>
        Staging("21906-3", CodeSystems.Snomed, "1229967007", daysBefore: daysBefore, focus: focus)
            .Staging("21907-1", CodeSystems.Snomed, "1229901006", daysBefore: daysBefore, focus: focus);

    public RecordBuilder Attestation(string code, bool value, int daysBefore = 1) =>
        Observation(CodeSystems.Attestation, code, new FhirBoolean(value), daysBefore);

    public RecordBuilder Observation(
        string system,
        string code,
        DataType? value,
        int daysBefore,
        ObservationStatus status = ObservationStatus.Final,
        Action<Observation>? configure = null
    )
    {
        var observation = new Observation
        {
            Id = NextId("obs"),
            Status = status,
            Code = new CodeableConcept(system, code),
            Effective = new FhirDateTime(DaysBefore(daysBefore)),
            Value = value,
        };
        configure?.Invoke(observation);
        _observations.Add(observation);
        return this;
    }

    public RecordBuilder Procedure(string cpt, EventStatus status = EventStatus.Completed)
    {
        _procedures.Add(
            new Procedure
            {
                Id = NextId("proc"),
                Status = status,
                Code = new CodeableConcept(CodeSystems.Cpt, cpt),
                Performed = new FhirDateTime(DaysBefore(400)),
            }
        );
        return this;
    }

    public RecordBuilder ProcedureCoded(
        string system,
        string code,
        int daysBefore,
        EventStatus status = EventStatus.Completed
    )
    {
        _procedures.Add(
            new Procedure
            {
                Id = NextId("proc"),
                Status = status,
                Code = new CodeableConcept(system, code),
                Performed = new FhirDateTime(DaysBefore(daysBefore)),
            }
        );
        return this;
    }

    /// <summary>
    /// A DiagnosticReport (final, about pat-1, dated <paramref name="daysBefore"/>) concluding the given codes.
    /// </summary>
    public RecordBuilder Report(
        string id,
        IEnumerable<Coding> conclusion,
        DiagnosticReport.DiagnosticReportStatus status = DiagnosticReport.DiagnosticReportStatus.Final,
        int? daysBefore = 6,
        string subject = "Patient/pat-1",
        Action<DiagnosticReport>? configure = null
    )
    {
        var report = new DiagnosticReport
        {
            Id = id,
            Status = status,
            Category = [new CodeableConcept("http://loinc.org", "LP7839-6", "Pathology", null)],
            Code = new CodeableConcept(CodeSystems.Loinc, "60570-9", "Pathology consult note", null),
            Subject = new ResourceReference(subject),
            Effective = daysBefore is { } days ? new FhirDateTime(DaysBefore(days)) : null,
            ConclusionCode = [.. conclusion.Select(c => new CodeableConcept { Coding = [c] })],
        };
        configure?.Invoke(report);
        _reports.Add(report);
        return this;
    }

    public RecordBuilder InEncounter(string? classCode, Action<Encounter>? configure = null)
    {
        _encounter = classCode is null ? null : Encounter(classCode);
        if (_encounter is not null)
            configure?.Invoke(_encounter);
        return this;
    }

    /// <summary>A DTR QuestionnaireResponse in the record (see <see cref="DtrResponse"/>).</summary>
    public RecordBuilder Response(QuestionnaireResponse response)
    {
        _responses.Add(response);
        return this;
    }

    public PatientRecord Build() =>
        new()
        {
            Patient = new Patient { Id = "pat-1" },
            Conditions = _conditions.ToList(),
            Observations = _observations.ToList(),
            Procedures = _procedures.ToList(),
            DiagnosticReports = _reports.ToList(),
            QuestionnaireResponses = _responses.ToList(),
            Encounter = _encounter,
        };

    private static Encounter Encounter(string classCode) =>
        new()
        {
            Id = "enc-1",
            Status = Hl7.Fhir.Model.Encounter.EncounterStatus.InProgress,
            Class = new Coding(CodeSystems.ActCode, classCode),
        };

    private string NextId(string prefix) => $"{prefix}-{++_nextId}";
}
