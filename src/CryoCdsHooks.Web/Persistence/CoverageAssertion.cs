namespace CryoCdsHooks.Web.Persistence;

public sealed class CoverageAssertion
{
    public required string AssertionId { get; set; }
    public string ClientId { get; set; } = "";
    public required string HookInstance { get; set; }
    public required string ServiceId { get; set; }
    public required string OrderReference { get; set; }
    public required string Covered { get; set; }
    public string? PaNeeded { get; set; }
    public required string Reason { get; set; }

    /// <summary>The ext-coverage-information extension exactly as returned.</summary>
    public required string CoverageInformationJson { get; set; }
    public required DateTimeOffset CreatedAt { get; set; }
}
