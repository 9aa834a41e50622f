namespace CryoCdsHooks.Web.Hooks.Wire;

/// <summary>
/// A CDS Hooks action, in a suggestion or as a system action: create or update carry the resource, delete names
/// the resource it removes.
/// </summary>
public sealed record CdsAction
{
    /// <summary>create, update or delete.</summary>
    public required string Type { get; init; }
    public required string Description { get; init; }
    public FhirResourceJson? Resource { get; init; }

    /// <summary>For delete: the "Type/id" reference of the resource to remove.</summary>
    public string? ResourceId { get; init; }

    public static CdsAction Create(string description, FhirResourceJson resource) =>
        new()
        {
            Type = "create",
            Description = description,
            Resource = resource,
        };

    public static CdsAction Update(string description, FhirResourceJson resource) =>
        new()
        {
            Type = "update",
            Description = description,
            Resource = resource,
        };

    public static CdsAction Delete(string description, string resourceId) =>
        new()
        {
            Type = "delete",
            Description = description,
            ResourceId = resourceId,
        };
}
