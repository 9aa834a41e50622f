using CryoCdsHooks.PolicyEngine.Terminology;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Facts;

internal static class SurgicalCandidacyExtractor
{
    public static SurgicalCandidacy Extract(
        PatientRecord record,
        ClinicalConditions conditions,
        PolicyTerminology terms
    )
    {
        // Each statement is phrased as "is a surgical candidate = value".
        var statements = AttestationReader
            .All(record, AttestationCodes.SurgicalCandidate)
            .Concat(
                AttestationReader
                    .All(record, AttestationCodes.NotSurgicalCandidate)
                    .Select(j => j with { Value = !j.Value })
            )
            .Concat(Contraindications(record, conditions, terms));
        return new SurgicalCandidacy(LatestJudgement.Of(statements), PerformanceStatus(record, terms));
    }

    private static IEnumerable<DocumentedJudgement> Contraindications(
        PatientRecord record,
        ClinicalConditions conditions,
        PolicyTerminology terms
    )
    {
        var fromConditions = conditions
            .Current(ValueSetIds.ProcedureContraindicated)
            .Select(c => new DocumentedJudgement(
                false,
                c.ToEvidence() with
                {
                    Summary = "SNOMED 183932001 Procedure contraindicated (Condition)",
                }
            ));
        var fromObservations = record
            .Observations.Where(o =>
                ResourceReading.IsFinal(o)
                && terms[ValueSetIds.ProcedureContraindicated].Matches(o.Code)
                && (ResourceReading.ValueOf(o) as FhirBoolean)?.Value != false
            )
            .Select(o => new DocumentedJudgement(
                false,
                new Evidence(
                    ResourceReading.ReferenceTo(o),
                    "SNOMED 183932001 Procedure contraindicated (Observation)",
                    ResourceReading.WhenObserved(o)
                )
            ));
        return fromConditions.Concat(fromObservations);
    }

    private static IReadOnlyList<Evidence> PerformanceStatus(PatientRecord record, PolicyTerminology terms) =>
        record
            .Observations.Where(o => ResourceReading.IsFinal(o) && terms[ValueSetIds.PerformanceStatus].Matches(o.Code))
            .OrderByDescending(o => ResourceReading.WhenObserved(o) ?? DateTimeOffset.MinValue)
            .Take(1)
            .Select(o => new Evidence(
                ResourceReading.ReferenceTo(o),
                $"{ResourceReading.Describe(o.Code)} {DescribeValue(ResourceReading.ValueOf(o))} (supporting only)",
                ResourceReading.WhenObserved(o)
            ))
            .ToList();

    private static string DescribeValue(DataType? value) =>
        value switch
        {
            Quantity q when q.Value is { } v => ResourceReading.Format(v),
            Integer i => i.Value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
            CodeableConcept c => ResourceReading.Describe(c),
            _ => "",
        };
}
