namespace CryoCdsHooks.Web.Tests.Smart;

/// <summary>
/// Runs only where Chromium is installed (<c>/usr/bin/chromium</c>); in CI (<c>CI</c> set) it always runs, so a
/// missing browser fails the build instead of skipping (.ci/run installs it).
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(ChromiumPath) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
        {
            Skip =
                $"Chromium is not installed at {ChromiumPath} (apt-get install chromium); this browser test is "
                + "mandatory when CI is set.";
        }
    }
}
