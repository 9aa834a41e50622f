namespace CryoCdsHooks.PolicyEngine.Tests.PrefillCql;

/// <summary>How one prefilled answer compares with the engine's reading of the same fact.</summary>
internal enum PrefillAgreement
{
    /// <summary>The CQL answers, with the engine's value.</summary>
    Agree,

    /// <summary>Neither the CQL nor the engine finds the fact.</summary>
    BothEmpty,

    /// <summary>The CQL leaves the item to the clinician where the engine reads the fact (a documented gap).</summary>
    Gap,

    /// <summary>The CQL answers something the engine does not read: never allowed.</summary>
    Disagree,
}
