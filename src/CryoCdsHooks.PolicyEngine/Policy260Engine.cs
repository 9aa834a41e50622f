using CryoCdsHooks.PolicyEngine.Facts;
using CryoCdsHooks.PolicyEngine.Rules;
using CryoCdsHooks.PolicyEngine.Terminology;
using CryoCdsHooks.PolicyEngine.Versions;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine;

/// <summary>
/// BCBS MA Medical Policy 260 (cryoablation of kidney, lung, breast, pancreas and bone tumors, 9/2024 review),
/// applied with the interpretation calls of docs/policy-interpretation.md. Every determination names
/// <paramref name="version"/>; <see cref="VersionedPolicyEngine"/> picks the edition in force on an order's date.
/// </summary>
public sealed class Policy260Engine(PolicyTerminology terminology, PolicyVersion version) : IPolicyEngine
{
    public Policy260Engine() : this(PolicyTerminology.Instance, Policy260Versions.September2024)
    {
    }

    public IReadOnlyList<CoverageDetermination> Evaluate(
        IReadOnlyList<ServiceRequest> ordersToEvaluate,
        IReadOnlyList<ServiceRequest> allDraftOrders,
        PatientRecord record,
        DateOnly evaluationDate,
        CancellationToken cancellationToken = default)
    {
        var guard = new ReadingGuard(cancellationToken);
        record = DuplicateResources.Resolve(record, guard);
        var conditions = new ClinicalConditions(record.Conditions, terminology);
        var setting = CareSettingResolver.Resolve(record);
        var determinations = ordersToEvaluate
            .Select(order => EvaluateOrder(order, allDraftOrders, record, conditions, setting, evaluationDate, guard))
            .OfType<CoverageDetermination>()
            .ToList();
        // What the record held but could not be evidence is said on every answer it may have changed.
        return guard.Notes.Count == 0
            ? determinations
            : determinations.Select(d => d with { Notes = [.. d.Notes, .. guard.Notes.Except(d.Notes)] }).ToList();
    }

    public IReadOnlyList<CoverageDetermination> Undecided(IReadOnlyList<ServiceRequest> ordersToEvaluate, DateOnly evaluationDate, string reason) =>
        ordersToEvaluate
            .Select(order => ProcedureClassification.Classify(order, terminology) is var (procedure, cptCode)
                ? CoverageDetermination.Undecided(order, procedure, cptCode, ServiceDate.Of(order, evaluationDate), version, reason)
                : null)
            .OfType<CoverageDetermination>()
            .ToList();

    private CoverageDetermination? EvaluateOrder(
        ServiceRequest order,
        IReadOnlyList<ServiceRequest> allDraftOrders,
        PatientRecord record,
        ClinicalConditions conditions,
        CareSetting setting,
        DateOnly evaluationDate,
        ReadingGuard guard)
    {
        guard.ThrowIfCancellationRequested();
        if (ProcedureClassification.Classify(order, terminology) is not var (procedure, cptCode))
            return null;

        var context = new EvaluationContext(order, cptCode, record, conditions, evaluationDate, version.Numbers, terminology, guard);
        var verdict = procedure switch
        {
            ProcedureClass.RenalCryoablation => UnconfirmedFindings.Weigh(context, RenalCryoablationRules.Evaluate),
            ProcedureClass.LungCryoablation => UnconfirmedFindings.Weigh(context, LungCryoablationRules.Evaluate),
            ProcedureClass.ImagingGuidance => ImagingGuidanceRules.Evaluate(
                context,
                PairedAblations(order, allDraftOrders, record, conditions, setting, evaluationDate, guard)),
            _ => InvestigationalCodeRules.Evaluate(context, procedure),
        };

        return new CoverageDetermination
        {
            Order = order,
            DateOfService = context.DateOfService,
            Procedure = procedure,
            CptCode = cptCode,
            Outcome = verdict.Outcome,
            PriorAuthorization = PriorAuthorizationFor(verdict.Outcome, setting),
            Setting = setting,
            Reason = verdict.Reason,
            Criteria = verdict.Criteria,
            Missing = verdict.Missing,
            Alternatives = verdict.Alternatives,
            Notes = verdict.Notes,
            Policy = version,
            Route = verdict.Route,
        };
    }

    /// <summary>Determinations of the in-scope ablations ordered alongside a guidance code.</summary>
    private IReadOnlyList<CoverageDetermination> PairedAblations(
        ServiceRequest guidance,
        IReadOnlyList<ServiceRequest> allDraftOrders,
        PatientRecord record,
        ClinicalConditions conditions,
        CareSetting setting,
        DateOnly evaluationDate,
        ReadingGuard guard) =>
        allDraftOrders
            .Where(o => !ReferenceEquals(o, guidance)
                        && ProcedureClassification.Classify(o, terminology) is { Class: not ProcedureClass.ImagingGuidance })
            .Select(o => EvaluateOrder(o, allDraftOrders, record, conditions, setting, evaluationDate, guard))
            .OfType<CoverageDetermination>()
            .ToList();

    /// <summary>Policy: precertification is required inpatient, not required outpatient, for covered services.</summary>
    private static PriorAuthorization PriorAuthorizationFor(DeterminationOutcome outcome, CareSetting setting) =>
        outcome is DeterminationOutcome.Investigational or DeterminationOutcome.CriteriaNotMet
            ? PriorAuthorization.NotApplicable
            : setting switch
            {
                CareSetting.Inpatient => PriorAuthorization.Required,
                CareSetting.Outpatient => PriorAuthorization.NotRequired,
                _ => PriorAuthorization.Conditional,
            };
}
