using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>
/// The answers documented for one order (<see cref="QuestionnaireAnswers"/>): <see cref="Observations"/> join the
/// record's for that order only; <see cref="Histology"/> joins the treated tumour's own codings; <see
/// cref="Laterality"/> and <see cref="Targets"/> stand for the order's side and reason (<see cref="TumorTargeting"/>).
/// </summary>
internal sealed class OrderAnswers
{
    public static readonly OrderAnswers None = new();

    public List<Observation> Observations { get; } = [];
    public List<(CodeableConcept Concept, Evidence Evidence)> Histology { get; } = [];
    public List<(CodeableConcept Concept, Evidence Evidence)> Laterality { get; } = [];
    public List<(Condition Tumor, Evidence Evidence)> Targets { get; } = [];

    public bool IsEmpty => Observations.Count + Histology.Count + Laterality.Count + Targets.Count == 0;

    /// <summary>The record the order is judged on: the patient's, plus the answers about this order.</summary>
    public PatientRecord Join(PatientRecord record) =>
        Observations.Count == 0 ? record : record with { Observations = [.. record.Observations, .. Observations] };
}
