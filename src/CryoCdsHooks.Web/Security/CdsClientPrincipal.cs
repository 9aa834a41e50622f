using System.Security.Claims;

namespace CryoCdsHooks.Web.Security;

/// <summary>The authenticated CDS client of a request.</summary>
public static class CdsClientPrincipal
{
    public const string IssuerClaim = "iss";

    /// <summary>The trusted client's <c>iss</c>, or null when the caller is anonymous (authentication off).</summary>
    public static string? CdsClientId(this ClaimsPrincipal user) => user.FindFirst(IssuerClaim)?.Value;
}
