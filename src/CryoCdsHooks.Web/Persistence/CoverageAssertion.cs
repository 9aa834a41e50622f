namespace CryoCdsHooks.Web.Persistence;

public sealed class CoverageAssertion
{
    public required string AssertionId { get; set; }
    public string ClientId { get; set; } = "";
    public required string HookInstance { get; set; }
    public required string ServiceId { get; set; }
    public required string OrderReference { get; set; }

    /// <summary>The hook's patient: a later hook compares with earlier answers about the same patient only.</summary>
    public string PatientId { get; set; } = "";
    public required string Covered { get; set; }
    public string? PaNeeded { get; set; }
    public required string Reason { get; set; }

    /// <summary>The ext-coverage-information extension exactly as returned.</summary>
    public required string CoverageInformationJson { get; set; }

    /// <summary>The DTR Questionnaire id for the order's procedure (docs/dtr.md); null for orders outside it.</summary>
    public string? QuestionnaireId { get; set; }

    /// <summary>The evaluation's missing-information codes, space-separated: the questions it left open.</summary>
    public string MissingCodes { get; set; } = "";

    /// <summary>
    /// For a conditional answer with a form: the order and the least of the record that decides it (FHIR Parameters,
    /// compressed), which $next-question judges again with the answers (docs/dtr.md, docs/security.md).
    /// </summary>
    public string? DecisionBasisJson { get; set; }
    public required DateTimeOffset CreatedAt { get; set; }
}
