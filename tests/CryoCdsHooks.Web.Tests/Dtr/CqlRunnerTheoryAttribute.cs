using CryoCdsHooks.Web.Tests.Docs;

namespace CryoCdsHooks.Web.Tests.Dtr;

/// <summary>
/// Executing the prefill ELM needs node and the npm packages of the engine tests' <c>cql/</c> folder (installed by
/// <c>npm ci</c> in .ci/run); skipped locally when they are missing, mandatory when CI is set.
/// </summary>
public sealed class CqlRunnerTheoryAttribute : TheoryAttribute
{
    public static string RunnerDirectory =>
        Path.Combine(MarkdownDocument.RepositoryRoot(), "tests", "CryoCdsHooks.PolicyEngine.Tests", "cql");

    public CqlRunnerTheoryAttribute()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
            return;
        if (!Directory.Exists(Path.Combine(RunnerDirectory, "node_modules", "cql-exec-fhir")))
            Skip =
                "cql-execution is not installed (npm ci --prefix tests/CryoCdsHooks.PolicyEngine.Tests/cql); "
                + "mandatory when CI is set.";
    }
}
