namespace CryoCdsHooks.PolicyEngine.Documentation;

/// <summary>
/// The Da Vinci DTR Questionnaires that collect what policy 260 needs documented: one per ordered procedure class,
/// each item's linkId the <see cref="MissingInformation.Code"/> it answers (docs/dtr.md). The CRD
/// coverage-information extension, the DTR endpoints and the QuestionnaireResponse reader all name forms through here.
/// </summary>
public static class DocumentationQuestionnaires
{
    public const string CanonicalBase = "http://cryocdshooks.org/fhir/Questionnaire/";

    /// <summary>DTR's extension by which a QuestionnaireResponse names the order (and Coverage) it documents.</summary>
    public const string ResponseContextUrl = "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/qr-context";

    /// <summary>The Questionnaire id for a procedure class, e.g. "mp260-renal-cryoablation".</summary>
    public static string IdFor(ProcedureClass procedure) =>
        procedure switch
        {
            ProcedureClass.RenalCryoablation => "mp260-renal-cryoablation",
            ProcedureClass.LungCryoablation => "mp260-lung-cryoablation",
            ProcedureClass.ImagingGuidance => "mp260-imaging-guidance",
            ProcedureClass.BreastCancerCryoablation => "mp260-breast-cancer-cryoablation",
            ProcedureClass.FibroadenomaCryoablation => "mp260-fibroadenoma-cryoablation",
            ProcedureClass.BoneCryoablation => "mp260-bone-cryoablation",
            _ => throw new ArgumentOutOfRangeException(nameof(procedure), procedure, null),
        };

    /// <summary>The Questionnaire's canonical URL (without version).</summary>
    public static string CanonicalFor(ProcedureClass procedure) => CanonicalBase + IdFor(procedure);

    /// <summary>
    /// The procedure class whose Questionnaire a canonical names (any <c>|version</c> is ignored: every edition of a
    /// form asks the same questions by the same linkIds), or null when it is not one of ours.
    /// </summary>
    public static ProcedureClass? ProcedureOf(string? canonical)
    {
        var url = canonical?.Split('|')[0];
        return Enum.GetValues<ProcedureClass>()
            .Select(p => (ProcedureClass?)p)
            .FirstOrDefault(p => CanonicalFor(p!.Value) == url);
    }
}
