using System.Security.Cryptography;
using CryoCdsHooks.PolicyEngine;
using Duende.IdentityModel;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace CryoCdsHooks.Web.Smart;

/// <summary>A launch between <c>/smart/launch</c> and <c>/smart/callback</c>, keyed by its <c>state</c>.</summary>
internal sealed record PendingLogin(
    string State,
    Uri Iss,
    string CodeVerifier,
    string RedirectUri,
    Uri TokenEndpoint,
    DateTimeOffset ExpiresAt)
{
    // Keeps the PKCE verifier out of anything that formats the record.
    public override string ToString() => $"{nameof(PendingLogin)} {{ Iss = {Iss.GetLeftPart(UriPartial.Authority)} }}";
}

/// <summary>What the token response gave the app (server side only; never sent to the browser).</summary>
internal sealed class SmartSession
{
    public required string Id { get; init; }
    public required Uri Iss { get; init; }
    public required string AccessToken { get; init; }
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

    /// <summary>The outcome last shown to the user, to say "before → now" after attesting.</summary>
    public DeterminationOutcome? LastShownOutcome { get; set; }
    public DeterminationOutcome? OutcomeBeforeAttestation { get; set; }
    public int LastSavedCount { get; set; }

    public override string ToString() => $"{nameof(SmartSession)} {{ Iss = {Iss.GetLeftPart(UriPartial.Authority)} }}";
}

/// <summary>
/// Pending launches and SMART sessions, in memory (one instance; a farm needs a distributed cache instead).
/// The browser only holds opaque random ids: the <c>state</c> and the session cookie.
/// </summary>
internal sealed class SmartSessionStore(IMemoryCache cache, TimeProvider time, IOptionsMonitor<SmartOptions> options)
{
    public const string SessionCookie = "cryo_smart_session";
    public const string LoginCookie = "cryo_smart_login";

    public static string NewOpaqueId() => CryptoRandom.CreateUniqueId(32, CryptoRandom.OutputFormat.Base64Url);

    public PendingLogin BeginLogin(Uri iss, string codeVerifier, string redirectUri, Uri tokenEndpoint)
    {
        var lifetime = options.CurrentValue.LoginTimeout;
        var login = new PendingLogin(NewOpaqueId(), iss, codeVerifier, redirectUri, tokenEndpoint, time.GetUtcNow() + lifetime);
        cache.Set(LoginKey(login.State), login, lifetime);
        return login;
    }

    /// <summary>Single use: the login is removed whether or not it is still valid.</summary>
    public PendingLogin? TakeLogin(string state)
    {
        var key = LoginKey(state);
        if (!cache.TryGetValue(key, out PendingLogin? login) || login is null) return null;
        cache.Remove(key);
        return login.ExpiresAt > time.GetUtcNow() ? login : null;
    }

    public void Save(SmartSession session) =>
        cache.Set(SessionKey(session.Id), session, session.ExpiresAt);

    public SmartSession? Find(string? sessionId)
    {
        if (string.IsNullOrEmpty(sessionId) || !cache.TryGetValue(SessionKey(sessionId), out SmartSession? session) || session is null)
            return null;
        if (session.ExpiresAt > time.GetUtcNow()) return session;
        cache.Remove(SessionKey(sessionId));
        return null;
    }

    // The cache key is a hash, so a memory dump of keys does not reveal usable cookie values.
    private static string LoginKey(string state) => "smart:login:" + Hash(state);
    private static string SessionKey(string id) => "smart:session:" + Hash(id);
    private static string Hash(string value) => Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(value)));
}
