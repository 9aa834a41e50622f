namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>
/// Renal insufficiency (GFR below the edition's threshold, coded CKD 3–5/ESRD/dialysis, or recent dialysis) with what
/// decided it; <paramref name="LookbackDays"/> is the window a recent eGFR had to fall in.
/// </summary>
public sealed record KidneyFunctionFact(
    bool? RenalInsufficiency,
    EgfrReading? RecentEgfr,
    IReadOnlyList<EgfrReading> StaleEgfrs,
    IReadOnlyList<ClassifiedCondition> CkdConditions,
    IReadOnlyList<Evidence> DialysisProcedures,
    IReadOnlyList<string> Notes,
    int LookbackDays
)
{
    public IReadOnlyList<Evidence> Evidence =>
        [
            .. RecentEgfr is null ? [] : new[] { RecentEgfr.ToEvidence(LookbackDays) },
            .. CkdConditions.Select(c => c.ToEvidence()),
            .. DialysisProcedures,
            .. StaleEgfrs.Select(e => e.ToEvidence(LookbackDays)),
        ];
}
