namespace CryoCdsHooks.Web.Hooks.Wire;

/// <summary>A CDS Hooks card; <see cref="Extension"/> carries the Da Vinci CRD card extensions.</summary>
public sealed record CdsCard
{
    public required string Uuid { get; init; }
    public required string Summary { get; init; }
    public string? Detail { get; init; }

    /// <summary>info, warning or critical.</summary>
    public required string Indicator { get; init; }
    public required CdsSource Source { get; init; }
    public IReadOnlyList<CdsSuggestion>? Suggestions { get; init; }

    /// <summary>at-most-one or any; required when there are suggestions.</summary>
    public string? SelectionBehavior { get; init; }
    public IReadOnlyList<CdsLink>? Links { get; init; }
    public CdsCardExtension? Extension { get; init; }
}
