using CryoCdsHooks.Web.Discovery;
using CryoCdsHooks.Web.Hosting;
using CryoCdsHooks.Web.Persistence;
using CryoCdsHooks.Web.Security;

namespace CryoCdsHooks.Web.Feedback;

/// <summary>CDS Hooks §Feedback: what the clinician did with our cards, stored durably and idempotently.</summary>
public static class FeedbackEndpoints
{
    public static IEndpointRouteBuilder MapFeedback(this IEndpointRouteBuilder app)
    {
        app.MapPost("/cds-services/{id}/feedback", HandleAsync)
            .WithName("CardFeedback")
            .WithSummary("Record whether cards were accepted or overridden")
            .Produces(StatusCodes.Status200OK)
            .Produces(StatusCodes.Status400BadRequest, contentType: OperationOutcomes.FhirJson)
            .Produces(StatusCodes.Status404NotFound, contentType: OperationOutcomes.FhirJson)
            .WithTags("CDS Hooks");
        return app;
    }

    private static async Task<IResult> HandleAsync(
        string id,
        HttpContext http,
        JsonRequestBody body,
        FeedbackLog feedback,
        TimeProvider time,
        CancellationToken ct
    )
    {
        if (CdsServiceCatalog.Find(id) is null)
            return OperationOutcomes.UnknownService(http, id);

        var (document, error) = await body.ReadAsync(http, ct);
        using var _ = document;
        if (error is not null)
            return error;

        var clientId = http.User.CdsClientId() ?? "";
        var (entries, issues) = FeedbackReader.Read(document!.RootElement, id, clientId, time.GetUtcNow());
        if (issues.Count > 0)
            return OperationOutcomes.Error(http, StatusCodes.Status400BadRequest, "Invalid feedback", issues);

        var unknown = await feedback.UnknownCardsAsync(clientId, id, entries, ct);
        if (unknown.Count > 0)
        {
            return OperationOutcomes.Error(
                http,
                StatusCodes.Status404NotFound,
                "Unknown card",
                unknown
                    .Select(i => new RequestIssue(
                        "not-found",
                        $"feedback[{i}].card",
                        "This service gave this client no card with this uuid."
                    ))
                    .ToList()
            );
        }
        var stored = await feedback.StoreAsync(clientId, id, entries, ct);
        return Results.Json(new { received = entries.Count, stored });
    }
}
