using CryoCdsHooks.PolicyEngine.Terminology;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Facts;

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
        return new SingleKidneyFact(evidence.Count > 0, evidence, transplant);
    }
}
