namespace CryoCdsHooks.PolicyEngine.Versions;

/// <summary>
/// The numbers an edition's statements and our interpretation of them use. Rules, facts and the card texts that
/// quote them read them from here, so an edition with another threshold is a data change beside the current one.
/// </summary>
/// <param name="GfrBelow">Renal insufficiency: a GFR strictly below this, in mL/min/1.73 m² (I-13).</param>
/// <param name="EgfrLookbackDays">How old an eGFR may be on the date of service and still count (I-12).</param>
/// <param name="MaximumTumorCentimetres">The largest kidney tumour the covered indication allows (inclusive).</param>
public sealed record PolicyNumbers(decimal GfrBelow, int EgfrLookbackDays, decimal MaximumTumorCentimetres)
{
    /// <summary>AJCC kidney T1a is a tumour of at most 4 cm; T1b and above are larger.</summary>
    private const decimal KidneyT1aCentimetres = 4m;

    /// <summary>
    /// Whether a kidney tumour of this T category is within <see cref="MaximumTumorCentimetres"/>: T1a is when the
    /// limit is 4 cm or more, T1b and above are not when the limit is 4 cm or less; anything else is not decided.
    /// </summary>
    public bool? KidneyTumorWithinLimit(bool? isT1a) =>
        isT1a switch
        {
            true when MaximumTumorCentimetres >= KidneyT1aCentimetres => true,
            false when MaximumTumorCentimetres <= KidneyT1aCentimetres => false,
            _ => null,
        };
}
