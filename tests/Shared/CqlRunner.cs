namespace CryoCdsHooks.Tests.Shared;

/// <summary>
/// The prefill CQL runner (<c>tests/CryoCdsHooks.PolicyEngine.Tests/cql</c>: node, cql-execution, cql-exec-fhir,
/// installed by <c>npm ci</c> in .ci/run), shared by the engine and web tests: skipped locally when its packages are
/// missing, mandatory when CI is set.
/// </summary>
internal static class CqlRunner
{
    public static string Directory => Path.Combine(RepositoryRoot(), "tests", "CryoCdsHooks.PolicyEngine.Tests", "cql");

    public static string? SkipReason =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))
        || System.IO.Directory.Exists(Path.Combine(Directory, "node_modules", "cql-exec-fhir"))
            ? null
            : "cql-execution is not installed (npm ci --prefix tests/CryoCdsHooks.PolicyEngine.Tests/cql); "
                + "mandatory when CI is set.";

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CryoCdsHooks.sln")))
                return dir.FullName;
        }
        throw new DirectoryNotFoundException("CryoCdsHooks.sln not found above the test output directory.");
    }
}
