using CryoCdsHooks.PolicyEngine.Terminology;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>
/// One kidney: an active Z90.5 / Q60.0 Condition or a completed total nephrectomy; a <c>single-kidney</c> attestation
/// (the DTR answer) is weighed with them, the latest statement deciding.
/// </summary>
internal static class SingleKidneyExtractor
{
    public static SingleKidneyFact Extract(PatientRecord record, ClinicalConditions conditions, PolicyTerminology terms)
    {
        var evidence = conditions
            .Current(ValueSetIds.SingleKidney)
            .Select(c => c.ToEvidence())
            .Concat(
                record
                    .Procedures.Where(p =>
                        p.Status == EventStatus.Completed && terms[ValueSetIds.TotalNephrectomy].Matches(p.Code)
                    )
                    .Select(p => new Evidence(
                        ResourceReading.ReferenceTo(p),
                        $"Completed nephrectomy {ResourceReading.Describe(p.Code)}",
                        ResourceReading.WhenPerformed(p)
                    ))
            )
            .ToList();
        var transplant = conditions.Current(ValueSetIds.KidneyTransplant).Any();
        var attested = AttestationReader.All(record, AttestationCodes.SingleKidney).ToList();
        if (attested.Count == 0)
            return new SingleKidneyFact(evidence.Count > 0, evidence, transplant);
        // A documented yes/no (a DTR answer) weighs against the chart's records: the latest statement wins.
        var latest = LatestJudgement.Of([.. evidence.Select(e => new DocumentedJudgement(true, e)), .. attested]);
        return new SingleKidneyFact(latest.Value == true, latest.Evidence, transplant);
    }
}
