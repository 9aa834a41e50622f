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
    public Policy260Engine()
        : this(PolicyTerminology.Instance, Policy260Versions.September2024) { }

    public IReadOnlyList<CoverageDetermination> Evaluate(
        IReadOnlyList<ServiceRequest> ordersToEvaluate,
        IReadOnlyList<ServiceRequest> allDraftOrders,
        PatientRecord record,
        DateOnly evaluationDate,
        CancellationToken cancellationToken = default
    )
    {
        var guard = new ReadingGuard(cancellationToken);
        (record, var conditions, var unread) = Prepare(record, guard);
        var (setting, settingNote) = CareSettingResolver.Resolve(record, terminology);
        if (settingNote is not null)
            guard.Remark(settingNote);
        var determinations = ordersToEvaluate
            .Select(order =>
                EvaluateOrder(order, allDraftOrders, record, conditions, unread, setting, evaluationDate, guard)
            )
            .OfType<CoverageDetermination>()
            .ToList();
        // What the record held but could not be evidence is said on every answer it may have changed.
        return guard.Notes.Count == 0
            ? determinations
            : determinations.Select(d => d with { Notes = [.. d.Notes, .. guard.Notes.Except(d.Notes)] }).ToList();
    }

    public IReadOnlyList<CoverageDetermination> Undecided(
        IReadOnlyList<ServiceRequest> ordersToEvaluate,
        DateOnly evaluationDate,
        string reason
    ) =>
        ordersToEvaluate
            .Select(order =>
                InScope(order) is var (procedure, cptCode)
                    ? CoverageDetermination.Undecided(
                        order,
                        procedure,
                        cptCode,
                        ServiceDate.Of(order, evaluationDate),
                        version,
                        reason
                    )
                    : null
            )
            .OfType<CoverageDetermination>()
            .ToList();

    private CoverageDetermination? EvaluateOrder(
        ServiceRequest order,
        IReadOnlyList<ServiceRequest> allDraftOrders,
        PatientRecord record,
        ClinicalConditions conditions,
        IReadOnlyList<UnreadResource> unread,
        CareSetting setting,
        DateOnly evaluationDate,
        ReadingGuard guard
    )
    {
        guard.ThrowIfCancellationRequested();
        if (InScope(order) is not var (procedure, cptCode))
            return null;
        if (RecordScope.UnknownModifier(order) is { } modifier)
            return CoverageDetermination.Undecided(
                order,
                procedure,
                cptCode,
                ServiceDate.Of(order, evaluationDate),
                version,
                "The order carries a modifierExtension this service does not understand: it cannot be judged."
            ) with
            {
                Notes =
                [
                    $"ServiceRequest/{order.Id} carries the modifierExtension {modifier}, which may change what "
                        + "is ordered.",
                ],
            };

        var context = ContextFor(order, allDraftOrders, cptCode, record, conditions, unread, evaluationDate, guard);
        var verdict = procedure switch
        {
            ProcedureClass.RenalCryoablation => UnconfirmedFindings.Weigh(context, RenalCryoablationRules.Evaluate),
            ProcedureClass.LungCryoablation => UnconfirmedFindings.Weigh(context, LungCryoablationRules.Evaluate),
            ProcedureClass.ImagingGuidance => ImagingGuidanceRules.Evaluate(
                context,
                PairedAblations(order, allDraftOrders, record, conditions, unread, setting, evaluationDate, guard)
            ),
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

    /// <summary>
    /// The facts the rules read for <paramref name="order"/>, from the record as <see cref="Evaluate"/> prepares it
    /// (the prefill CQL's agreement test compares its answers with these).
    /// </summary>
    internal EvaluationContext FactsFor(ServiceRequest order, PatientRecord record, DateOnly evaluationDate)
    {
        var guard = new ReadingGuard(CancellationToken.None);
        var (prepared, conditions, unread) = Prepare(record, guard);
        var cptCode = InScope(order)?.CptCode ?? "";
        return ContextFor(order, [order], cptCode, prepared, conditions, unread, evaluationDate, guard);
    }

    /// <summary>Answers to our Questionnaires about this order join the record for this order only.</summary>
    private EvaluationContext ContextFor(
        ServiceRequest order,
        IReadOnlyList<ServiceRequest> allDraftOrders,
        string cptCode,
        PatientRecord record,
        ClinicalConditions conditions,
        IReadOnlyList<UnreadResource> unread,
        DateOnly evaluationDate,
        ReadingGuard guard
    )
    {
        var answers = QuestionnaireAnswers.For(order, allDraftOrders, record, terminology, guard);
        return new(
            order,
            cptCode,
            answers.Join(record),
            conditions,
            unread,
            evaluationDate,
            version.Numbers,
            terminology,
            guard
        )
        {
            Answers = answers,
        };
    }

    /// <summary>
    /// Only resources about the hook's patient, without modifiers we do not understand, are evidence; one copy of a
    /// resource listed twice.
    /// </summary>
    private (PatientRecord Record, ClinicalConditions Conditions, IReadOnlyList<UnreadResource> Unread) Prepare(
        PatientRecord record,
        ReadingGuard guard
    )
    {
        var (scoped, setAside, unread) = RecordScope.Apply(record);
        foreach (var note in setAside)
            guard.Remark(note);
        var prepared = DuplicateResources.Resolve(scoped, guard);
        return (prepared, new ClinicalConditions(prepared.Conditions, terminology), unread);
    }

    /// <summary>
    /// Determinations of the in-scope ablations in the basket that the guidance order belongs to
    /// (<see cref="ImagingGuidanceRules.TiedAblations"/>: the draft orders are reference targets too).
    /// </summary>
    private IReadOnlyList<CoverageDetermination> PairedAblations(
        ServiceRequest guidance,
        IReadOnlyList<ServiceRequest> allDraftOrders,
        PatientRecord record,
        ClinicalConditions conditions,
        IReadOnlyList<UnreadResource> unread,
        CareSetting setting,
        DateOnly evaluationDate,
        ReadingGuard guard
    )
    {
        var ablations = allDraftOrders
            .Where(o => !ReferenceEquals(o, guidance) && InScope(o) is { Class: not ProcedureClass.ImagingGuidance })
            .Select(o => EvaluateOrder(o, allDraftOrders, record, conditions, unread, setting, evaluationDate, guard))
            .OfType<CoverageDetermination>()
            .ToList();
        var withOrders = record with { Included = [.. record.Included, .. allDraftOrders] };
        return ImagingGuidanceRules.TiedAblations(guidance, ablations, withOrders.References);
    }

    /// <summary>
    /// The policy's procedure for an order that asks for it to be done (<see cref="RecordScope.AsksToPerform"/>).
    /// </summary>
    private (ProcedureClass Class, string CptCode)? InScope(ServiceRequest order) =>
        RecordScope.AsksToPerform(order) ? ProcedureClassification.Classify(order, terminology) : null;

    /// <summary>
    /// Policy: precertification is required inpatient, not required outpatient, for covered services.
    /// </summary>
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
