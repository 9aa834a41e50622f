namespace CryoCdsHooks.Web.Smart;

/// <summary>A launch between <c>/smart/launch</c> and <c>/smart/callback</c>, keyed by its <c>state</c>.</summary>
internal sealed record PendingLogin(
    string State,
    Uri Iss,
    string Launch,
    string CodeVerifier,
    string RedirectUri,
    Uri TokenEndpoint,
    DateTimeOffset ExpiresAt
)
{
    // Keeps the PKCE verifier out of anything that formats the record.
    public override string ToString() => $"{nameof(PendingLogin)} {{ Iss = {Iss.GetLeftPart(UriPartial.Authority)} }}";
}
