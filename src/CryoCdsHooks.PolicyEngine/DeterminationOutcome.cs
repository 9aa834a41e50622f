namespace CryoCdsHooks.PolicyEngine;

public enum DeterminationOutcome
{
    /// <summary>Medically necessary: CRD covered.</summary>
    Covered,

    /// <summary>Policy names it investigational: CRD not-covered.</summary>
    Investigational,

    /// <summary>In a covered indication but a criterion fails (e.g. RCC &gt; 4 cm): CRD not-covered.</summary>
    CriteriaNotMet,

    /// <summary>Cannot decide from the record: CRD conditional.</summary>
    NeedsInformation,
}
