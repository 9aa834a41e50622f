namespace CryoCdsHooks.Web.Persistence;

/// <summary>Requests one client made in one fixed window, shared by every replica.</summary>
public sealed class RateWindow
{
    /// <summary>SHA-256 (hex) of the rate-limit partition (client issuer or remote address).</summary>
    public required string Partition { get; set; }

    /// <summary>Unix seconds at which the window starts.</summary>
    public required long WindowStart { get; set; }
    public required int Count { get; set; }
}
