using System.Net;

namespace CryoCdsHooks.Web.Tests.Security;

/// <summary>
/// One hostile or broken request, by the field it hits and the kind of damage; a POST unless <see cref="Method"/>
/// says otherwise (a GET sends no body), with an <c>Accept</c> header when <see cref="Accept"/> is set.
/// </summary>
public sealed record BadInput(
    string Kind,
    string Field,
    string Path,
    Func<byte[]> Body,
    string ContentType,
    HttpStatusCode Expected,
    string Method = "POST",
    string? Accept = null
)
{
    public override string ToString() => $"{Kind}: {Field}";
}
