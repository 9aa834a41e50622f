using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;

namespace CryoCdsHooks.Web.Smart;

/// <summary>
/// Binds each antiforgery token to the SMART session it was issued in. The app's users are not signed in to this
/// service (so ASP.NET Core cannot bind tokens to a user): the request token carries a digest of the session
/// cookie instead, and a token pair issued in one session is refused with another session's cookie, or with none.
/// A digest, so the token (encrypted anyway) never holds the session id itself.
/// </summary>
internal sealed class SmartSessionAntiforgeryBinding : IAntiforgeryAdditionalDataProvider
{
    public string GetAdditionalData(HttpContext context) => SessionDigest(context) ?? "";

    public bool ValidateAdditionalData(HttpContext context, string additionalData) =>
        SessionDigest(context) is { } expected
        && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(expected),
            Encoding.ASCII.GetBytes(additionalData)
        );

    private static string? SessionDigest(HttpContext context) =>
        context.Request.Cookies[SmartSessionStore.SessionCookie] is { Length: > 0 } session
            ? Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("antiforgery:" + session)))
            : null;
}
