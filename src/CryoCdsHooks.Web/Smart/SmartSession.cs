using CryoCdsHooks.PolicyEngine;

namespace CryoCdsHooks.Web.Smart;

/// <summary>What the token response gave the app (server side only; never sent to the browser).</summary>
internal sealed class SmartSession
{
    public required string Id { get; init; }
    public required Uri Iss { get; init; }

    /// <summary>The EHR's launch id, to offer the same launch again when the token ran out.</summary>
    public required string Launch { get; init; }
    public required Uri TokenEndpoint { get; init; }
    public required string AccessToken { get; set; }

    /// <summary>
    /// When the access token stops working (from <c>expires_in</c>; the session end when none was given).
    /// </summary>
    public required DateTimeOffset AccessTokenExpiresAt { get; set; }
    public string? RefreshToken { get; set; }
    public required string PatientId { get; init; }
    public string? EncounterId { get; init; }

    /// <summary>The order the card was about, "ServiceRequest/{id}", from appContext (or fhirContext).</summary>
    public string? OrderReference { get; init; }
    public string? CoverageAssertionId { get; init; }
    public IReadOnlyList<string> MissingFromCard { get; init; } = [];

    /// <summary>The user's FHIR resource ("Practitioner/123") when the id_token named one.</summary>
    public string? FhirUser { get; init; }
    public bool NeedPatientBanner { get; init; } = true;
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>The outcome last shown to the user, to say "before → now" after answering.</summary>
    public DeterminationOutcome? LastShownOutcome { get; set; }

    /// <summary>Set by the documentation form, consumed by the next page shown.</summary>
    public DocumentationNotice? PendingNotice { get; set; }

    /// <summary>The answers of a form the EHR did not save, by linkId: shown again until they are saved.</summary>
    public Dictionary<string, string[]>? UnsavedAnswers { get; set; }

    /// <summary>
    /// The QuestionnaireResponses this session wrote (FHIR JSON): evidence for the re-evaluation even when the EHR's
    /// search does not return them (yet).
    /// </summary>
    public List<string> WrittenResponses { get; init; } = [];

    public override string ToString() => $"{nameof(SmartSession)} {{ Iss = {Iss.GetLeftPart(UriPartial.Authority)} }}";
}
