using CryoCdsHooks.FhirAccess;
using CryoCdsHooks.PolicyEngine;
using CryoCdsHooks.PolicyEngine.Terminology;
using CryoCdsHooks.PolicyEngine.Versions;
using CryoCdsHooks.Web.Discovery;
using CryoCdsHooks.Web.Hooks.Wire;
using CryoCdsHooks.Web.Hosting;
using Microsoft.Extensions.Options;

namespace CryoCdsHooks.Web.Hooks;

public static class HookEndpoints
{
    /// <summary>The policy engine, the FHIR data access and the pipeline from a hook request to its answer.</summary>
    public static IServiceCollection AddHooks(this IServiceCollection services, IConfiguration configuration)
    {
        services
            .AddOptions<PayerOptions>()
            .Bind(configuration.GetSection(PayerOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(sp => new PayerIdentity(sp.GetRequiredService<IOptions<PayerOptions>>().Value));
        services.AddSingleton(PolicyTerminology.Instance);
        services.AddSingleton<IPolicyEngine>(sp =>
            VersionedPolicyEngine.Policy260(sp.GetRequiredService<PolicyTerminology>())
        );
        services.AddSingleton<OrderSelectReuse>();
        services.AddSingleton(sp => new PrefetchTemplateCatalog(
            sp.GetRequiredService<PolicyTerminology>().ObservationCodes()
        ));
        services.AddFhirAccess(configuration);
        services.AddSingleton<HookRequestReader>();
        services.AddScoped<HookPipeline>();
        services.AddScoped<EarlierAnswers>();
        services.AddScoped<HookCoordinator>();
        return services;
    }

    public static IEndpointRouteBuilder MapHooks(this IEndpointRouteBuilder app)
    {
        app.MapPost("/cds-services/{id}", HandleAsync)
            .WithName("InvokeHook")
            .WithSummary("Invoke a CDS service (one per hook: order-select to encounter-start)")
            .Accepts<CdsHookRequest>("application/json")
            .Produces<CdsResponse>(StatusCodes.Status200OK)
            .Produces(StatusCodes.Status400BadRequest, contentType: OperationOutcomes.FhirJson)
            .Produces(StatusCodes.Status404NotFound, contentType: OperationOutcomes.FhirJson)
            .Produces(StatusCodes.Status409Conflict, contentType: OperationOutcomes.FhirJson)
            .Produces(StatusCodes.Status412PreconditionFailed, contentType: OperationOutcomes.FhirJson)
            .Produces(StatusCodes.Status413PayloadTooLarge, contentType: OperationOutcomes.FhirJson)
            .Produces(StatusCodes.Status415UnsupportedMediaType, contentType: OperationOutcomes.FhirJson)
            .WithTags("CDS Hooks");
        return app;
    }

    private static Task<IResult> HandleAsync([AsParameters] HookInvocation call) =>
        call.Coordinator.InvokeAsync(call.Id, call.Http, call.Aborted);

    /// <summary>What the endpoint binds: the service id from the route, the call, and its coordinator.</summary>
    private readonly record struct HookInvocation(
        string Id,
        HttpContext Http,
        HookCoordinator Coordinator,
        CancellationToken Aborted
    );
}
