namespace CryoCdsHooks.Web.Hooks;

/// <summary>How many resources of one type a call read, and whether they came by prefetch or by query.</summary>
public sealed record CrdResourceUse(string Type, int Count, bool Prefetch);
