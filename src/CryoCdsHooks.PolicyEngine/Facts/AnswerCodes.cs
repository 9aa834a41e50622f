using CryoCdsHooks.PolicyEngine.Rules;
using CryoCdsHooks.PolicyEngine.Terminology;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>
/// What each answer of our documentation Questionnaires is (linkId = <see cref="MissingInformation.Code"/> or a fact
/// item): the code of the Observation the chart keeps for the same fact (SDC <c>observationExtract</c>), taken from
/// the policy ValueSet that fact's extractor reads, so the answer is read by that extractor and no other.
/// </summary>
internal static class AnswerCodes
{
    public const string Egfr = "egfr";
    public const string SingleKidney = "single-kidney";
    public static readonly string Histology = MissingInformationCodes.Histology.Code;
    public static readonly string Staging = MissingInformationCodes.Staging.Code;
    public static readonly string Laterality = MissingInformationCodes.Laterality.Code;
    public static readonly string TargetTumor = MissingInformationCodes.TargetTumor.Code;

    /// <summary>Yes/no judgements: the attestation code of the same statement (true = the statement holds).</summary>
    private static readonly Dictionary<string, (string ValueSetId, string System, string Code)> Judgements = new()
    {
        [MissingInformationCodes.SurgicalCandidacy.Code] = Attestation(AttestationCodes.SurgicalCandidate),
        [MissingInformationCodes.ResectionWorsensKidneyFunction.Code] = Attestation(
            AttestationCodes.ResectionWorsensKidneyFunction
        ),
        [MissingInformationCodes.CentralAirwayObstruction.Code] = Attestation(
            AttestationCodes.CentralAirwayObstruction
        ),
        [SingleKidney] = Attestation(AttestationCodes.SingleKidney),
    };

    /// <summary>Measurements and coded results: the LOINC code mCODE / US Core use for the same result.</summary>
    private static readonly Dictionary<string, (string ValueSetId, string System, string Code)> Results = new()
    {
        [MissingInformationCodes.TumorSize.Code] = (ValueSetIds.TumorSize, CodeSystems.Loinc, "21889-1"),
        [Egfr] = (ValueSetIds.EgfrPreferred, CodeSystems.Loinc, "98979-8"),
        [Staging] = (ValueSetIds.StageGroup, CodeSystems.Loinc, "21908-9"),
    };

    /// <summary>Yes/no answers about the record's unconfirmed findings, read by I-17 (UnconfirmedFindings).</summary>
    private static readonly HashSet<string> Confirmations =
    [
        MissingInformationCodes.ConfirmedDiagnosis.Code,
        MissingInformationCodes.ConfirmMetastasis.Code,
        MissingInformationCodes.ConfirmFinding.Code,
    ];

    public static bool IsConfirmation(string linkId) => Confirmations.Contains(linkId);

    /// <summary>Answers read by the order's targeting or the lung histology, not as an Observation.</summary>
    public static bool IsReadElsewhere(string linkId) =>
        linkId == Histology || linkId == Laterality || linkId == TargetTumor;

    public static bool IsJudgement(string linkId) => Judgements.ContainsKey(linkId);

    public static bool IsMeasurement(string linkId) => linkId != Staging && Results.ContainsKey(linkId);

    /// <summary>
    /// The Observation code for an answer, with the ValueSet's display; null for an item read otherwise.
    /// </summary>
    public static Coding? ObservationCodeFor(string linkId, PolicyTerminology terms) =>
        Judgements.TryGetValue(linkId, out var entry) || Results.TryGetValue(linkId, out entry)
            ? terms[entry.ValueSetId]
                .ExplicitCodes.SingleOrDefault(c => c.System == entry.System && c.Code == entry.Code)
                ?? throw new InvalidOperationException($"{entry.System}|{entry.Code} is not in {entry.ValueSetId}.")
            : null;

    private static (string, string, string) Attestation(string code) =>
        (ValueSetIds.Attestation, CodeSystems.Attestation, code);
}
