namespace CryoCdsHooks.Web.Security;

/// <summary>The outcome of checking a client JWT: the trusted issuer, or a reason safe to show the caller.</summary>
internal sealed record CdsClientTokenValidation(string? Issuer, string? Failure)
{
    public static CdsClientTokenValidation Fail(string reason) => new(null, reason);
}
