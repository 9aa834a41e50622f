using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

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
            Skip = $"Chromium is not installed at {ChromiumPath} (apt-get install chromium); this browser test is mandatory when CI is set.";
        }
    }
}

/// <summary>
/// The clinician's path in a real headless Chromium: the service on Kestrel (127.0.0.1), WireMock.Net as the
/// EHR (authorization server + FHIR server). Launch → authorize → token → criteria → attest → covered.
/// </summary>
public sealed class SmartBrowserTests(ITestOutputHelper output) : IDisposable
{
    private readonly SmartEhr _ehr = new();

    public void Dispose() => _ehr.Dispose();

    [ChromiumFact]
    public async Task Clinician_attests_not_a_surgical_candidate_and_sees_covered()
    {
        await using var factory = new CdsServiceFactory();
        factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var appUrl = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.ChromiumPath,
            Headless = true,
            Timeout = 20_000,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(10_000);
        var page = await context.NewPageAsync();

        // The EHR opens the card's smart link with iss and launch; the browser follows every redirect itself.
        await page.GotoAsync($"{appUrl}/smart/launch?iss={Uri.EscapeDataString(_ehr.Iss)}&launch=xyz123");

        Assert.Equal($"{appUrl}/smart/app", page.Url);
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal("Cryoablation coverage review", await page.Locator("h1").InnerTextAsync());
        Assert.Contains("Needs information", await page.Locator("#outcome").InnerTextAsync());
        var sizeRow = page.Locator("tr[data-criterion='tumor-size']");
        Assert.Contains("Met", await sizeRow.Locator("td").First.InnerTextAsync());
        Assert.Contains("Observation/s07-tumor-size", await sizeRow.InnerTextAsync());
        var candidacyRow = page.Locator("tr[data-criterion='not-surgical-candidate']");
        Assert.Contains("Unknown", await candidacyRow.InnerTextAsync());

        await SaveScreenshotAsync(page, "smart-app-before.png");

        // Accessible names: the radio is found by its label inside the fieldset named by its legend.
        var question = page.GetByRole(AriaRole.Group, new() { Name = "The patient is not a surgical candidate." });
        await question.GetByLabel("Yes").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and re-evaluate" }).ClickAsync();
        await page.WaitForURLAsync($"{appUrl}/smart/app?saved=1");

        Assert.Contains("Covered", await page.Locator("#outcome").InnerTextAsync());
        Assert.Contains("Now: Covered", await page.GetByRole(AriaRole.Status).InnerTextAsync());
        Assert.Contains("Met", await candidacyRow.Locator("td").First.InnerTextAsync());
        Assert.Single(_ehr.CreatedObservations);

        await SaveScreenshotAsync(page, "smart-app.png");
    }

    /// <summary>Saves a full-page screenshot under the test output's TestResults/ and prints where.</summary>
    private async Task SaveScreenshotAsync(IPage page, string name)
    {
        var screenshot = Path.Combine(AppContext.BaseDirectory, "TestResults", name);
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        output.WriteLine($"Screenshot: {screenshot}");
        Console.WriteLine($"SMART app screenshot: {screenshot}");
    }
}
