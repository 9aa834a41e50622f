namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>Renal insufficiency (GFR &lt; 60, coded CKD 3–5/ESRD/dialysis, or recent dialysis) with what decided it.</summary>
public sealed record KidneyFunctionFact(
    bool? RenalInsufficiency,
    EgfrReading? RecentEgfr,
    IReadOnlyList<EgfrReading> StaleEgfrs,
    IReadOnlyList<ClassifiedCondition> CkdConditions,
    IReadOnlyList<Evidence> DialysisProcedures,
    IReadOnlyList<string> Notes)
{
    public IReadOnlyList<Evidence> Evidence =>
    [
        .. RecentEgfr is null ? [] : new[] { RecentEgfr.ToEvidence() },
        .. CkdConditions.Select(c => c.ToEvidence()),
        .. DialysisProcedures,
        .. StaleEgfrs.Select(e => e.ToEvidence()),
    ];
}
