namespace CryoCdsHooks.Web.Persistence;

/// <summary>One encrypted launch or session in the configured database (table <c>SmartStates</c>).</summary>
public sealed class SmartStateRow
{
    /// <summary>
    /// SHA-256 (hex) of the browser's opaque id: the table never holds a usable cookie or state value.
    /// </summary>
    public required string Key { get; set; }

    /// <summary>
    /// The JSON of the launch or session, encrypted and authenticated with ASP.NET Core Data Protection.
    /// </summary>
    public required string Payload { get; set; }
    public required DateTimeOffset ExpiresAt { get; set; }
}
