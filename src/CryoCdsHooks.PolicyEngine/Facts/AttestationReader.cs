using CryoCdsHooks.PolicyEngine.Terminology;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>
/// Reads attestation Observations (docs/data-conventions.md): final, valueBoolean, the latest day decides.
/// </summary>
internal static class AttestationReader
{
    /// <summary>Every attestation with the code, as "the statement is true/false".</summary>
    public static IEnumerable<DocumentedJudgement> All(PatientRecord record, string attestationCode) =>
        record
            .Observations.Where(o =>
                ResourceReading.IsFinal(o)
                && o.Code?.Coding.Any(c =>
                    CodeSystemIdentity.Same(c.System, CodeSystems.Attestation) && c.Code == attestationCode
                ) == true
            )
            .Select(o => (Observation: o, Value: (ResourceReading.ValueOf(o) as FhirBoolean)?.Value))
            .Where(x => x.Value is not null)
            .Select(x => new DocumentedJudgement(
                x.Value!.Value,
                new Evidence(
                    ResourceReading.ReferenceTo(x.Observation),
                    $"Attestation {attestationCode} = {x.Value.Value.ToString().ToLowerInvariant()}",
                    ResourceReading.WhenObserved(x.Observation)
                )
            ));

    public static LatestJudgement Latest(PatientRecord record, string attestationCode) =>
        LatestJudgement.Of(All(record, attestationCode));
}
