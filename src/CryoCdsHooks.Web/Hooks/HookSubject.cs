using CryoCdsHooks.PolicyEngine;

namespace CryoCdsHooks.Web.Hooks;

/// <summary>
/// One order a hook call answers for: the ServiceRequest the engine evaluates, the resource whose systemAction
/// carries the coverage-information (the order itself, the booked Appointment, the admission Encounter) and, when
/// a later hook knows it, where and when the procedure happens.
/// </summary>
public sealed record HookSubject(DraftOrder Order, ContextResource Target, PlannedService? Planned = null);
