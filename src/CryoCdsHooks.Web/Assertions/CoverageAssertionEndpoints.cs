using System.Text.Json.Nodes;
using CryoCdsHooks.Web.Hosting;
using CryoCdsHooks.Web.Persistence;
using CryoCdsHooks.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace CryoCdsHooks.Web.Assertions;

/// <summary>
/// Looks up the decision behind a coverage-assertion-id (CRD: the id lets payer and provider refer to one
/// determination later, e.g. on a claim or prior authorization request).
/// </summary>
public static class CoverageAssertionEndpoints
{
    public static IEndpointRouteBuilder MapCoverageAssertions(this IEndpointRouteBuilder app)
    {
        app.MapGet("/coverage-assertions/{id}", HandleAsync)
            .WithName("CoverageAssertion")
            .WithSummary("The stored coverage determination for a coverage-assertion-id")
            .Produces<JsonObject>(StatusCodes.Status200OK)
            .Produces(StatusCodes.Status404NotFound, contentType: OperationOutcomes.FhirJson)
            .WithTags("Coverage assertions");
        return app;
    }

    private static async Task<IResult> HandleAsync(string id, HttpContext http, AuditDbContext db, CancellationToken ct)
    {
        // An assertion belongs to the client whose hook call created it: to any other it does not exist.
        var clientId = http.User.CdsClientId() ?? "";
        var assertion = await db
            .CoverageAssertions.AsNoTracking()
            .SingleOrDefaultAsync(a => a.AssertionId == id && a.ClientId == clientId, ct);
        if (assertion is null)
        {
            return OperationOutcomes.Error(
                http,
                StatusCodes.Status404NotFound,
                "Unknown coverage assertion",
                "not-found",
                "There is no coverage assertion with this id."
            );
        }

        return Results.Content(
            new JsonObject
            {
                ["assertionId"] = assertion.AssertionId,
                ["hookInstance"] = assertion.HookInstance,
                ["serviceId"] = assertion.ServiceId,
                ["orderReference"] = assertion.OrderReference,
                ["covered"] = assertion.Covered,
                ["paNeeded"] = assertion.PaNeeded,
                ["reason"] = assertion.Reason,
                ["createdAt"] = assertion.CreatedAt.UtcDateTime.ToString("O"),
                ["coverageInformation"] = JsonNode.Parse(assertion.CoverageInformationJson),
            }.ToJsonString(),
            "application/json"
        );
    }
}
