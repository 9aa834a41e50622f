using CryoCdsHooks.PolicyEngine.Terminology;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>The patient's conditions, each classified once by clinical and verification status.</summary>
internal sealed class ClinicalConditions
{
    private const string ClinicalStatusSystem = "http://terminology.hl7.org/CodeSystem/condition-clinical";
    private const string VerificationStatusSystem = "http://terminology.hl7.org/CodeSystem/condition-ver-status";

    private readonly PolicyTerminology _terminology;
    private readonly bool _asIfConfirmed;

    public ClinicalConditions(IEnumerable<Condition> conditions, PolicyTerminology terminology)
        : this(conditions, terminology, asIfConfirmed: false)
    {
    }

    private ClinicalConditions(IEnumerable<Condition> conditions, PolicyTerminology terminology, bool asIfConfirmed)
    {
        _terminology = terminology;
        _asIfConfirmed = asIfConfirmed;
        All = conditions.Select(Classified).ToList();
    }

    public IReadOnlyList<ClassifiedCondition> All { get; }

    /// <summary>Provisional, differential and unconfirmed Conditions: never evidence, but weighed by I-17.</summary>
    public IEnumerable<ClassifiedCondition> Suspected => All.Where(c => c.State == ConditionState.Suspected || c.Unconfirmed);

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

    /// <summary>The classification of a record Condition, or of one found elsewhere (e.g. contained in the order).</summary>
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
        var verification = StatusCode(condition.VerificationStatus, VerificationStatusSystem);
        if (verification is "entered-in-error" or "refuted")
            return ConditionState.Excluded;

        var clinical = StatusCode(condition.ClinicalStatus, ClinicalStatusSystem);
        var isCurrent = condition.Abatement is null && clinical is null or "active" or "recurrence" or "relapse";
        if (!isCurrent)
            return ConditionState.NotCurrent;

        return verification is "provisional" or "unconfirmed" or "differential"
            ? ConditionState.Suspected
            : ConditionState.Current;
    }

    private static string? StatusCode(CodeableConcept? status, string system) =>
        status?.Coding.FirstOrDefault(c => CodeSystemIdentity.Same(c.System, system))?.Code?.Trim();
}
