using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>
/// The answers documented for one order (<see cref="QuestionnaireAnswers"/>): <see cref="Observations"/> join the
/// record's for that order only; <see cref="Histology"/> joins the treated tumour's own codings.
/// </summary>
internal sealed record OrderAnswers(
    IReadOnlyList<Observation> Observations,
    IReadOnlyList<(CodeableConcept Concept, Evidence Evidence)> Histology
)
{
    public static readonly OrderAnswers None = new([], []);

    /// <summary>The record the order is judged on: the patient's, plus the answers about this order.</summary>
    public PatientRecord Join(PatientRecord record) =>
        Observations.Count == 0 ? record : record with { Observations = [.. record.Observations, .. Observations] };
}
