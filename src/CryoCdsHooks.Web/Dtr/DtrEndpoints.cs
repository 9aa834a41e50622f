using CryoCdsHooks.Web.Hosting;
using CryoCdsHooks.Web.Security;
using Microsoft.Extensions.Options;

namespace CryoCdsHooks.Web.Dtr;

/// <summary>The Da Vinci DTR payer endpoints under /fhir (docs/dtr.md).</summary>
public static class DtrEndpoints
{
    public static IServiceCollection AddDtr(this IServiceCollection services)
    {
        services.AddSingleton<QuestionnaireCatalog>();
        services.AddSingleton(sp => new QuestionnaireBuilder(
            sp.GetRequiredService<QuestionnaireCatalog>(),
            sp.GetRequiredService<IOptions<CdsServiceOptions>>().Value.PolicyUrl
        ));
        services.AddSingleton<AnswerValueSetExpander>();
        services.AddSingleton<FhirRequestBody>();
        services.AddScoped<StoredEvaluations>();
        return services;
    }

    public static IEndpointRouteBuilder MapDtr(this IEndpointRouteBuilder app)
    {
        // FHIR servers publish their CapabilityStatement to anyone (FHIR R4 §3.1.0.1.1 capabilities interaction).
        app.MapGet("/fhir/metadata", (IOptions<CdsServiceOptions> options, TimeProvider time) =>
                FhirResults.Ok(DtrCapabilityStatement.Build(options.Value.PublicBaseUrl, time.GetUtcNow()))
            )
            .WithTags("DTR");

        var fhir = app.MapGroup("/fhir").RequireCdsClient().WithTags("DTR");
        fhir.MapPost("/Questionnaire/$questionnaire-package", QuestionnairePackageOperation.HandleAsync);
        fhir.MapPost("/Questionnaire/$next-question", NextQuestionOperation.HandleAsync);
        fhir.MapGet("/ValueSet/$expand", ValueSetExpandOperation.Get);
        fhir.MapPost("/ValueSet/$expand", ValueSetExpandOperation.PostAsync);
        return app;
    }
}
