using System.Text.Json.Nodes;

namespace CryoCdsHooks.Web.Hosting;

/// <summary>One thing wrong with a request: where (a JSON path-like expression) and what.</summary>
public sealed record RequestIssue(string Code, string Expression, string Message);

/// <summary>
/// Error responses. CDS Hooks and CRD (hook-10) want a FHIR OperationOutcome; clients that ask for
/// <c>application/problem+json</c> get the same facts as RFC 7807 ProblemDetails instead.
/// </summary>
public static class OperationOutcomes
{
    public const string FhirJson = "application/fhir+json";
    public const string ProblemJson = "application/problem+json";

    public static IResult Error(HttpContext http, int status, string title, IReadOnlyList<RequestIssue> issues)
    {
        if (PrefersProblemDetails(http))
        {
            var problem = new JsonObject
            {
                ["type"] = $"https://httpstatuses.io/{status}",
                ["title"] = title,
                ["status"] = status,
                ["detail"] = string.Join("; ", issues.Select(i => i.Message)),
                ["errors"] = new JsonArray(issues.Select(i => (JsonNode)new JsonObject
                {
                    ["code"] = i.Code, ["expression"] = i.Expression, ["message"] = i.Message,
                }).ToArray()),
            };
            return Results.Content(problem.ToJsonString(), ProblemJson, statusCode: status);
        }

        return Results.Content(ToOperationOutcome(issues).ToJsonString(), FhirJson, statusCode: status);
    }

    public static JsonObject ToOperationOutcome(IReadOnlyList<RequestIssue> issues) => new()
    {
        ["resourceType"] = "OperationOutcome",
        ["issue"] = new JsonArray(issues.Select(i =>
        {
            var issue = new JsonObject { ["severity"] = "error", ["code"] = i.Code, ["diagnostics"] = i.Message };
            if (i.Expression.Length > 0) issue["expression"] = new JsonArray(i.Expression);
            return (JsonNode)issue;
        }).ToArray()),
    };

    public static IResult Error(HttpContext http, int status, string title, string code, string message, string expression = "") =>
        Error(http, status, title, [new RequestIssue(code, expression, message)]);

    /// <summary>404 for a <c>/cds-services/{id}</c> that names no service we offer (hooks and feedback alike).</summary>
    public static IResult UnknownService(HttpContext http, string id) =>
        Error(http, StatusCodes.Status404NotFound, "Unknown service", "not-found",
            $"There is no CDS service '{id}'. See GET /cds-services.");

    private static bool PrefersProblemDetails(HttpContext http) =>
        http.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals(ProblemJson, StringComparison.OrdinalIgnoreCase));
}
