using CryoCdsHooks.FhirAccess;
using CryoCdsHooks.Web.Hooks.Wire;

namespace CryoCdsHooks.Web.Discovery;

public static class DiscoveryEndpoints
{
    public static IEndpointRouteBuilder MapDiscovery(this IEndpointRouteBuilder app)
    {
        var templates = app.ServiceProvider.GetRequiredService<PrefetchTemplateCatalog>().Templates;
        var discovery = CdsServiceCatalog.ToDiscoveryDocument(templates).ToJsonString();
        app.MapGet("/cds-services", () => Results.Content(discovery, "application/json"))
            .WithName("Discovery")
            .Produces<CdsDiscoveryResponse>(StatusCodes.Status200OK, "application/json")
            .WithSummary("CDS Hooks discovery: the services this endpoint offers")
            .WithTags("CDS Hooks");
        return app;
    }
}
