namespace CryoCdsHooks.Web.Smart;

/// <summary>The token response's launch context (SMART App Launch 2, scopes-and-launch-context).</summary>
internal sealed record SmartTokenResult(
    string AccessToken,
    int ExpiresIn,
    string? RefreshToken,
    string? PatientId,
    string? EncounterId,
    string? OrderReference,
    string? CoverageAssertionId,
    IReadOnlyList<string> Missing,
    string? FhirUser,
    bool NeedPatientBanner
)
{
    public override string ToString() => nameof(SmartTokenResult);
}
