using System.Text.Json.Nodes;

namespace CryoCdsHooks.Web.Hosting;

/// <summary>
/// Error responses. CDS Hooks and CRD (hook-10) want a FHIR OperationOutcome; clients that ask for
/// <c>application/problem+json</c> get the same facts as RFC 7807 ProblemDetails instead.
/// </summary>
public static class OperationOutcomes
{
    public const string FhirJson = "application/fhir+json";
    public const string ProblemJson = "application/problem+json";

    /// <summary>
    /// Issues listed in one error body; the rest are counted. Error bodies never echo a request at length.
    /// </summary>
    public const int MaxIssues = 20;

    /// <summary>
    /// Longest diagnostics text or expression in an error body; longer text (it may quote the request) is cut.
    /// </summary>
    public const int MaxTextLength = 300;

    public static IResult Error(HttpContext http, int status, string title, IReadOnlyList<RequestIssue> issues)
    {
        if (PrefersProblemDetails(http))
        {
            issues = Bounded(issues);
            var problem = new JsonObject
            {
                ["type"] = $"https://httpstatuses.io/{status}",
                ["title"] = title,
                ["status"] = status,
                ["detail"] = string.Join("; ", issues.Select(i => i.Message)),
                ["errors"] = new JsonArray(
                    issues
                        .Select(i =>
                            (JsonNode)
                                new JsonObject
                                {
                                    ["code"] = i.Code,
                                    ["expression"] = i.Expression,
                                    ["message"] = i.Message,
                                }
                        )
                        .ToArray()
                ),
            };
            return Results.Content(problem.ToJsonString(), ProblemJson, statusCode: status);
        }

        return Results.Content(ToOperationOutcome(issues).ToJsonString(), FhirJson, statusCode: status);
    }

    public static JsonObject ToOperationOutcome(IReadOnlyList<RequestIssue> issues) =>
        new()
        {
            // Bounded here too: the same outcome is the audit record of a refused call.
            ["resourceType"] = "OperationOutcome",
            ["issue"] = new JsonArray(
                Bounded(issues)
                    .Select(i =>
                    {
                        var issue = new JsonObject
                        {
                            ["severity"] = "error",
                            ["code"] = i.Code,
                            ["diagnostics"] = i.Message,
                        };
                        if (i.Expression.Length > 0)
                            issue["expression"] = new JsonArray(i.Expression);
                        return (JsonNode)issue;
                    })
                    .ToArray()
            ),
        };

    public static IResult Error(
        HttpContext http,
        int status,
        string title,
        string code,
        string message,
        string expression = ""
    ) => Error(http, status, title, [new RequestIssue(code, expression, message)]);

    /// <summary>
    /// 404 for a <c>/cds-services/{id}</c> that names no service we offer (hooks and feedback alike).
    /// </summary>
    public static IResult UnknownService(HttpContext http, string id) =>
        Error(
            http,
            StatusCodes.Status404NotFound,
            "Unknown service",
            "not-found",
            $"There is no CDS service '{id}'. See GET /cds-services."
        );

    private static IReadOnlyList<RequestIssue> Bounded(IReadOnlyList<RequestIssue> issues)
    {
        if (
            issues.Count <= MaxIssues
            && issues.All(i => i.Message.Length <= MaxTextLength && i.Expression.Length <= MaxTextLength)
        )
            return issues;
        var kept = issues
            .Take(MaxIssues)
            .Select(i => i with { Message = Cut(i.Message), Expression = Cut(i.Expression) })
            .ToList();
        if (issues.Count > MaxIssues)
        {
            kept.Add(new RequestIssue("too-costly", "", $"{issues.Count - MaxIssues} further issues are not listed."));
        }
        return kept;
    }

    private static string Cut(string text) => text.Length <= MaxTextLength ? text : text[..(MaxTextLength - 1)] + "…";

    private static bool PrefersProblemDetails(HttpContext http) =>
        http
            .Request.GetTypedHeaders()
            .Accept.Any(a => a.MediaType.Equals(ProblemJson, StringComparison.OrdinalIgnoreCase));
}
