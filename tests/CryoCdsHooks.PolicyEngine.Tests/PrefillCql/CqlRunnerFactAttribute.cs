namespace CryoCdsHooks.PolicyEngine.Tests.PrefillCql;

/// <summary>
/// Executing the prefill ELM needs node and the npm packages of <c>cql/</c> (<c>cql/node_modules</c>, installed by
/// <c>npm ci</c> in .ci/run); skipped locally when they are missing, mandatory when CI is set.
/// </summary>
public sealed class CqlRunnerFactAttribute : FactAttribute
{
    public static string RunnerDirectory =>
        Path.Combine(SamplePatient.RepositoryRoot(), "tests", "CryoCdsHooks.PolicyEngine.Tests", "cql");

    public CqlRunnerFactAttribute()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
            return;
        if (!Directory.Exists(Path.Combine(RunnerDirectory, "node_modules", "cql-exec-fhir")))
            Skip =
                "cql-execution is not installed (npm ci --prefix tests/CryoCdsHooks.PolicyEngine.Tests/cql); "
                + "mandatory when CI is set.";
    }
}
