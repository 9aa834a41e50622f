namespace CryoCdsHooks.Web.Discovery;

/// <summary>A CDS service we offer: its id in the URL and the hook it answers.</summary>
public sealed record CdsServiceDefinition(string Id, string Hook, string Title, string Description);
