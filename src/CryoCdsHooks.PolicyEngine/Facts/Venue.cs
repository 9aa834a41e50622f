namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>
/// What a place code says about the care setting, and its name for notes ("ambulatory surgical center").
/// </summary>
public sealed record Venue(EncounterKind Kind, string Display);
