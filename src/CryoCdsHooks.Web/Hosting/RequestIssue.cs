namespace CryoCdsHooks.Web.Hosting;

/// <summary>One thing wrong with a request: where (a JSON path-like expression) and what.</summary>
public sealed record RequestIssue(string Code, string Expression, string Message);
