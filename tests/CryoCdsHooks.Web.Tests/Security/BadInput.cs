using System.Net;

namespace CryoCdsHooks.Web.Tests.Security;

/// <summary>One hostile or broken request, by the field it hits and the kind of damage.</summary>
public sealed record BadInput(
    string Kind,
    string Field,
    string Path,
    Func<byte[]> Body,
    string ContentType,
    HttpStatusCode Expected
)
{
    public override string ToString() => $"{Kind}: {Field}";
}
