using CryoCdsHooks.PolicyEngine.Terminology;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>The patient's conditions, each classified once by clinical and verification status.</summary>
internal sealed class ClinicalConditions
{
    // The FHIR R4 code systems Condition.clinicalStatus / verificationStatus are bound (required) to, with all their
    // codes: a coding without a system whose code is one of them can only mean that code (real systems omit it).
    private static readonly StatusCodeSystem ClinicalStatus = new(
        "http://terminology.hl7.org/CodeSystem/condition-clinical",
        ["active", "recurrence", "relapse", "inactive", "remission", "resolved"]
    );
    private static readonly StatusCodeSystem VerificationStatus = new(
        "http://terminology.hl7.org/CodeSystem/condition-ver-status",
        ["unconfirmed", "provisional", "differential", "confirmed", "refuted", "entered-in-error"]
    );

    private readonly PolicyTerminology _terminology;
    private readonly bool _asIfConfirmed;

    public ClinicalConditions(IEnumerable<Condition> conditions, PolicyTerminology terminology)
        : this(conditions, terminology, asIfConfirmed: false) { }

    private ClinicalConditions(IEnumerable<Condition> conditions, PolicyTerminology terminology, bool asIfConfirmed)
    {
        _terminology = terminology;
        _asIfConfirmed = asIfConfirmed;
        All = conditions.Select(Classified).ToList();
    }

    public IReadOnlyList<ClassifiedCondition> All { get; }

    /// <summary>Provisional, differential and unconfirmed Conditions: never evidence, but weighed by I-17.</summary>
    public IEnumerable<ClassifiedCondition> Suspected =>
        All.Where(c => c.State == ConditionState.Suspected || c.Unconfirmed);

    /// <summary>
    /// The same conditions, and <paramref name="setAside"/> (set aside for a modifier, I-17), with every suspected one
    /// counted as current (marked <see cref="ClassifiedCondition.Unconfirmed"/>).
    /// </summary>
    public ClinicalConditions AsIfConfirmed(IEnumerable<Condition> setAside) =>
        new(All.Select(c => c.Resource).Concat(setAside), _terminology, asIfConfirmed: true);

    /// <summary>Non-excluded conditions whose code is in any of the value sets.</summary>
    public IEnumerable<ClassifiedCondition> Coded(params string[] valueSetIds) =>
        All.Where(c => c.State != ConditionState.Excluded && InAny(c.Resource.Code, valueSetIds));

    public IEnumerable<ClassifiedCondition> Current(params string[] valueSetIds) =>
        Coded(valueSetIds).Where(c => c.State == ConditionState.Current);

    /// <summary>
    /// The classification of a record Condition, or of one found elsewhere (e.g. contained in the order).
    /// </summary>
    public ClassifiedCondition Of(Condition condition) =>
        All.FirstOrDefault(c => ReferenceEquals(c.Resource, condition)) ?? Classified(condition);

    public bool InAny(CodeableConcept? code, IEnumerable<string> valueSetIds) =>
        valueSetIds.Any(id => _terminology[id].Matches(code));

    private ClassifiedCondition Classified(Condition condition)
    {
        var state = Classify(condition);
        var side = TumorTargeting.SideOf(condition, _terminology);
        return _asIfConfirmed && state == ConditionState.Suspected
            ? new ClassifiedCondition(condition, ConditionState.Current, side, Unconfirmed: true)
            : new ClassifiedCondition(condition, state, side);
    }

    private static ConditionState Classify(Condition condition)
    {
        var verification = StatusCode(condition.VerificationStatus, VerificationStatus);
        if (verification is "entered-in-error" or "refuted")
            return ConditionState.Excluded;

        var clinical = StatusCode(condition.ClinicalStatus, ClinicalStatus);
        var isCurrent = condition.Abatement is null && clinical is null or "active" or "recurrence" or "relapse";
        if (!isCurrent)
            return ConditionState.NotCurrent;

        return verification is "provisional" or "unconfirmed" or "differential"
            ? ConditionState.Suspected
            : ConditionState.Current;
    }

    /// <summary>The coding with the status system first, else a system-less coding holding one of its codes.</summary>
    private static string? StatusCode(CodeableConcept? status, StatusCodeSystem system)
    {
        var codings = status?.Coding ?? [];
        return codings.FirstOrDefault(c => CodeSystemIdentity.Same(c.System, system.Url))?.Code?.Trim()
            ?? codings
                .Where(c => string.IsNullOrWhiteSpace(c.System))
                .Select(c => c.Code?.Trim())
                .FirstOrDefault(code => code is not null && system.Codes.Contains(code));
    }

    private sealed record StatusCodeSystem(string Url, IReadOnlyCollection<string> Codes);
}
