using CryoCdsHooks.PolicyEngine;

namespace CryoCdsHooks.FhirAccess;

/// <summary>
/// Where a literal reference may be read: the one rule for sending the FHIR token with it. A relative
/// <c>Type/id</c> and an absolute URL under the request's <c>fhirServer</c> are the same resource on that server;
/// an absolute URL on any other base is never read (the token goes to <c>fhirServer</c> only).
/// </summary>
public static class ServerReference
{
    /// <summary>
    /// The <c>Type/id</c> (id escaped for a URL path) to read from <paramref name="fhirServer"/>, or null when the
    /// reference is not a literal one or names another server.
    /// </summary>
    public static string? OnServer(string? reference, Uri? fhirServer)
    {
        if (reference is null || ResourceReferences.Literal(reference) is not var (type, id))
            return null;
        if (reference.Contains("://", StringComparison.Ordinal) && !UnderBase(reference, fhirServer))
            return null;
        return $"{type}/{Uri.EscapeDataString(id)}";
    }

    /// <summary>
    /// True when <paramref name="reference"/> is an absolute URL outside <paramref name="fhirServer"/>.
    /// </summary>
    public static bool IsElsewhere(string? reference, Uri? fhirServer) =>
        reference is not null
        && reference.Contains("://", StringComparison.Ordinal)
        && ResourceReferences.Literal(reference) is not null
        && !UnderBase(reference, fhirServer);

    /// <summary>An absolute URL that is <c>Type/id</c> (optionally <c>/_history/v</c>) right under the base.</summary>
    private static bool UnderBase(string reference, Uri? fhirServer)
    {
        if (fhirServer is null || !Uri.TryCreate(reference, UriKind.Absolute, out var absolute))
            return false;
        var serverBase = FhirServerAllowlist.AsBase(fhirServer).AbsoluteUri;
        if (!absolute.AbsoluteUri.StartsWith(serverBase, StringComparison.Ordinal))
            return false;
        var segments = absolute.AbsoluteUri[serverBase.Length..].Split('/');
        return segments.Length == 2 || (segments.Length == 4 && segments[2] == "_history");
    }
}
