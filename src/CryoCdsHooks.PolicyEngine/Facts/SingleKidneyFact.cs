namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>
/// One kidney: active Z90.5 / Q60.0, or a completed total nephrectomy (CPT or ICD-10-PCS). Z94.0 is only flagged (I-9).
/// </summary>
public sealed record SingleKidneyFact(bool HasSingleKidney, IReadOnlyList<Evidence> Evidence, bool HasKidneyTransplant);
