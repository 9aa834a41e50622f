using System.Net;
using System.Text.Json.Nodes;

namespace CryoCdsHooks.Web.Tests.Security;

/// <summary>
/// A damage done to a valid body of an endpoint: the bytes then sent, the media type (the endpoint's own when
/// null), the <c>Accept</c> header, and the status the damaged request must get.
/// </summary>
internal sealed record BadInputDamage(
    string Kind,
    string Field,
    Func<JsonObject, byte[]> Body,
    HttpStatusCode Expected,
    string? ContentType = null,
    string? Accept = null
);
