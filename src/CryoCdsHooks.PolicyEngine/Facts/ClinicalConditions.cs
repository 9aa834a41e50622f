using CryoCdsHooks.PolicyEngine.Terminology;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>The patient's conditions, each classified once by clinical and verification status.</summary>
internal sealed class ClinicalConditions
{
    private const string ClinicalStatusSystem = "http://terminology.hl7.org/CodeSystem/condition-clinical";
    private const string VerificationStatusSystem = "http://terminology.hl7.org/CodeSystem/condition-ver-status";

    private readonly PolicyTerminology _terminology;

    public ClinicalConditions(IEnumerable<Condition> conditions, PolicyTerminology terminology)
    {
        _terminology = terminology;
        All = conditions.Select(c => new ClassifiedCondition(c, Classify(c), TumorTargeting.SideOf(c, terminology))).ToList();
    }

    public IReadOnlyList<ClassifiedCondition> All { get; }

    /// <summary>Non-excluded conditions whose code is in any of the value sets.</summary>
    public IEnumerable<ClassifiedCondition> Coded(params string[] valueSetIds) =>
        All.Where(c => c.State != ConditionState.Excluded && InAny(c.Resource.Code, valueSetIds));

    public IEnumerable<ClassifiedCondition> Current(params string[] valueSetIds) =>
        Coded(valueSetIds).Where(c => c.State == ConditionState.Current);

    /// <summary>The classification of a record Condition, or of one found elsewhere (e.g. contained in the order).</summary>
    public ClassifiedCondition Of(Condition condition) =>
        All.FirstOrDefault(c => ReferenceEquals(c.Resource, condition)) ?? new ClassifiedCondition(condition, Classify(condition), TumorTargeting.SideOf(condition, _terminology));

    public bool InAny(CodeableConcept? code, IEnumerable<string> valueSetIds) =>
        valueSetIds.Any(id => _terminology[id].Matches(code));

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
