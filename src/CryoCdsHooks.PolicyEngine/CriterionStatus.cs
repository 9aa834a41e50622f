namespace CryoCdsHooks.PolicyEngine;

/// <summary><see cref="NotNeeded"/>: a criterion of another route than the one that decided a covered order.</summary>
public enum CriterionStatus
{
    Met,
    NotMet,
    Unknown,
    NotNeeded,
}
