namespace CryoCdsHooks.Web.Tests.Smart;

/// <summary>
/// The accessibility audit needs axe-core from npm (<c>tests/CryoCdsHooks.Web.Tests/node_modules</c>, installed by
/// <c>npm ci</c> in .ci/run) besides Chromium; skipped locally when either is missing, mandatory when CI is set.
/// </summary>
public sealed class AxeFactAttribute : FactAttribute
{
    public static string AxePath =>
        Path.Combine(
            SmartEhr.RepositoryRoot(),
            "tests",
            "CryoCdsHooks.Web.Tests",
            "node_modules",
            "axe-core",
            "axe.min.js"
        );

    public AxeFactAttribute()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
            return;
        if (!File.Exists(ChromiumFactAttribute.ChromiumPath))
            Skip = "Chromium is not installed (apt-get install chromium); mandatory when CI is set.";
        else if (!File.Exists(AxePath))
            Skip =
                "axe-core is not installed (npm ci --prefix tests/CryoCdsHooks.Web.Tests); mandatory when CI is set.";
    }
}
