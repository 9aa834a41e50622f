using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>
/// The answers documented for one order (<see cref="QuestionnaireAnswers"/>): <see cref="Observations"/> join the
/// record's for that order only; <see cref="Histology"/> joins the treated tumour's own codings; <see
/// cref="Laterality"/> and <see cref="Targets"/> stand for the order's side and reason (<see cref="TumorTargeting"/>);
/// <see cref="Confirmations"/> confirm or refute the record's unconfirmed findings (I-17).
/// </summary>
internal sealed class OrderAnswers
{
    public static readonly OrderAnswers None = new();

    public List<Observation> Observations { get; } = [];
    public List<(CodeableConcept Concept, Evidence Evidence)> Histology { get; } = [];
    public List<(CodeableConcept Concept, Evidence Evidence)> Laterality { get; } = [];
    public List<(Condition Tumor, Evidence Evidence)> Targets { get; } = [];
    public List<ConfirmationAnswer> Confirmations { get; } = [];

    public bool IsEmpty =>
        Observations.Count + Histology.Count + Laterality.Count + Targets.Count + Confirmations.Count == 0;

    /// <summary>
    /// The answer to one confirmation question: the latest day's (<see cref="LatestStatements"/>); none when that
    /// day's answers disagree.
    /// </summary>
    public ConfirmationAnswer? Confirmation(string code) =>
        LatestStatements.Of(Confirmations.Where(c => c.Code == code), c => c.Evidence.Date, c => c.Confirmed).Decisive;

    /// <summary>The record the order is judged on: the patient's, plus the answers about this order.</summary>
    public PatientRecord Join(PatientRecord record) =>
        Observations.Count == 0 ? record : record with { Observations = [.. record.Observations, .. Observations] };
}
