namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>How much a Condition may be relied on (docs/data-conventions.md).</summary>
public enum ConditionState
{
    /// <summary>Active/recurrence/relapse (or no clinicalStatus and no abatement), confirmed or unverified.</summary>
    Current,

    /// <summary>Current but provisional / unconfirmed / differential: never counts as true.</summary>
    Suspected,

    /// <summary>Inactive / remission / resolved, or abated.</summary>
    NotCurrent,

    /// <summary>Entered-in-error or refuted: ignored entirely.</summary>
    Excluded,
}
