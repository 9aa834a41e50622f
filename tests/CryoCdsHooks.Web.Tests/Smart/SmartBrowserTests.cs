using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace CryoCdsHooks.Web.Tests.Smart;

/// <summary>
/// The clinician's path in a real headless Chromium, the way EHRs open SMART apps: inside an iframe of the EHR's
/// page, served from another site (<c>https://ehr.test</c>, mapped to loopback) than the app
/// (<c>https://127.0.0.1</c>), over HTTPS with a certificate made by the test. WireMock.Net is the EHR's
/// authorization and FHIR server. Launch → authorize → token → criteria → attest (by keyboard) → covered.
/// </summary>
public sealed class SmartBrowserTests(ITestOutputHelper output) : IDisposable
{
    private readonly SmartEhr _ehr = new();

    public void Dispose() => _ehr.Dispose();

    [ChromiumFact]
    public async Task Clinician_reviews_and_attests_by_keyboard_inside_the_frame_of_an_EHR_on_another_site()
    {
        await using var setup = await FramedSmartApp.StartAsync(_ehr, instances: 1);
        var page = await setup.OpenEhrPageAsync();
        var app = await setup.AppFrameAsync(page, "/smart/app");

        Assert.Equal("en", await app.GetAttributeAsync("html", "lang"));
        Assert.Equal("Cryoablation coverage review", await app.Locator("h1").InnerTextAsync());
        Assert.Contains("Needs information", await app.Locator("#outcome").InnerTextAsync());
        var sizeRow = app.Locator("tr[data-criterion='tumor-size']");
        Assert.Contains("Met", await sizeRow.Locator("td").First.InnerTextAsync());
        Assert.Contains("Observation/s07-tumor-size", await sizeRow.InnerTextAsync());
        var candidacyRow = app.Locator("tr[data-criterion='not-surgical-candidate']");
        Assert.Contains("Unknown", await candidacyRow.InnerTextAsync());
        // The app's cookies are cross-site capable: the browser stored and sent them inside the frame.
        var cookies = await page.Context.CookiesAsync([$"{setup.AppUrl}/smart/app"]);
        Assert.All(cookies, c => Assert.True(c.Secure && c.SameSite == SameSiteAttribute.None, c.Name));
        Assert.Contains(cookies, c => c.Name == "cryo_smart_session");
        await SaveScreenshotAsync(page, "smart-app-framed-before.png");

        // Keyboard only: Tab into the Yes/No group, an arrow key to "No" (it checks it), Tab to the button, Enter.
        await TabUntilAsync(page, app, "document.activeElement?.id === 'q-surgical-candidacy-0'");
        await page.Keyboard.PressAsync("ArrowRight");
        Assert.True(await app.EvaluateAsync<bool>("document.activeElement?.id === 'q-surgical-candidacy-1'"));
        Assert.True(
            await app.GetByRole(AriaRole.Group, new() { Name = "Is the individual a surgical candidate?" })
                .GetByLabel("No")
                .IsCheckedAsync()
        );
        await TabUntilAsync(page, app, "document.activeElement?.textContent === 'Save and re-evaluate'");
        await page.Keyboard.PressAsync("Enter");

        // The status appears on the page the form redirects to (Post/Redirect/Get), and only there.
        Assert.Contains("Now: Covered", await app.GetByRole(AriaRole.Status).InnerTextAsync());
        Assert.Equal($"{setup.AppUrl}/smart/app", app.Url);
        Assert.Contains("Covered", await app.Locator("#outcome").InnerTextAsync());
        Assert.Contains("Met", await candidacyRow.Locator("td").First.InnerTextAsync());
        Assert.Single(_ehr.CreatedResponses);
        await SaveScreenshotAsync(page, "smart-app-framed.png");
        await app.GotoAsync($"{setup.AppUrl}/smart/app");
        Assert.Contains("Covered", await app.Locator("#outcome").InnerTextAsync());
        Assert.Equal(0, await app.GetByRole(AriaRole.Status).CountAsync());
    }

    [ChromiumFact]
    public async Task In_a_480_px_side_panel_the_page_fits_and_the_question_sits_right_under_the_answer()
    {
        await using var setup = await FramedSmartApp.StartAsync(_ehr, instances: 1);
        var page = await setup.OpenEhrPageAsync(width: 480);
        var app = await setup.AppFrameAsync(page, "/smart/app");

        var widths = await app.EvaluateAsync<int[]>(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        );
        await SaveScreenshotAsync(page, "smart-app-framed-480.png");
        Assert.True(widths[1] <= 480, $"viewport {widths[1]} px");
        Assert.True(widths[0] <= widths[1], $"the page scrolls sideways: {widths[0]} px wide in {widths[1]} px");

        var answer = (await app.Locator("#outcome").BoundingBoxAsync())!;
        var next = (await app.GetByRole(AriaRole.Heading, new() { Name = "What to do next" }).BoundingBoxAsync())!;
        var question = (
            await app.GetByRole(AriaRole.Group, new() { Name = "Is the individual a surgical candidate?" })
                .BoundingBoxAsync()
        )!;
        var criteria = (await app.Locator("table").BoundingBoxAsync())!;
        var belowAnswer = answer.Y + answer.Height;
        output.WriteLine($"answer ends {belowAnswer}, next {next.Y}, question {question.Y}, criteria {criteria.Y}");
        Assert.InRange(next.Y - belowAnswer, 0, 250); // only the answer's short details in between
        Assert.InRange(question.Y - belowAnswer, 0, 700); // within one screen of the panel
        Assert.True(question.Y < criteria.Y, "the question comes before the criteria table");
        await app.EvaluateAsync("document.querySelector('table').scrollIntoView()");
        await SaveScreenshotAsync(page, "smart-app-framed-480-criteria.png");
    }

    [ChromiumFact]
    public async Task A_site_that_is_not_a_configured_EHR_cannot_frame_the_app()
    {
        await using var setup = await FramedSmartApp.StartAsync(_ehr, instances: 1);

        var allowed = await setup.OpenEhrPageAsync(host: "ehr.test", path: "/smart/app");
        var refused = await setup.OpenEhrPageAsync(host: "other.test", path: "/smart/app");

        // The configured EHR sees the app's page (no session: it says so); the browser blocks it for the other site.
        Assert.Equal("Session expired", await allowed.FrameLocator("iframe[name=app]").Locator("h1").InnerTextAsync());
        Assert.StartsWith("chrome-error://", refused.Frame("app")!.Url); // the browser's "refused to connect" page
        Assert.DoesNotContain(
            "Session expired",
            await refused.FrameLocator("iframe[name=app]").Locator("body").InnerTextAsync()
        );
    }

    [ChromiumFact]
    public async Task Steps_alternate_between_two_instances_and_the_framed_flow_still_completes()
    {
        await using var setup = await FramedSmartApp.StartAsync(_ehr, instances: 2);
        var page = await setup.OpenEhrPageAsync();
        var app = await setup.AppFrameAsync(page, "/smart/app");
        Assert.Contains("Needs information", await app.Locator("#outcome").InnerTextAsync());

        var question = app.GetByRole(AriaRole.Group, new() { Name = "Is the individual a surgical candidate?" });
        await question.GetByLabel("No").CheckAsync();
        await app.GetByRole(AriaRole.Button, new() { Name = "Save and re-evaluate" }).ClickAsync();

        Assert.Contains("Now: Covered", await app.GetByRole(AriaRole.Status).InnerTextAsync());
        // launch on 0, callback on 1, app on 0, attest on 1, re-evaluated page on 0.
        Assert.Equal(
            [
                ("/smart/launch", 0),
                ("/smart/callback", 1),
                ("/smart/app", 0),
                ("/smart/app/answers", 1),
                ("/smart/app", 0),
            ],
            setup.Steps.ToArray()
        );
        await SaveScreenshotAsync(page, "smart-app-framed-two-instances.png");
    }

    [ChromiumFact]
    public async Task Refused_token_is_refreshed_and_one_that_cannot_be_renewed_offers_a_relaunch_in_the_frame()
    {
        _ehr.GrantsRefreshTokens = true;
        await using var setup = await FramedSmartApp.StartAsync(_ehr, instances: 1);
        var page = await setup.OpenEhrPageAsync();
        var app = await setup.AppFrameAsync(page, "/smart/app");

        _ehr.ExpireAccessToken();
        await app.GotoAsync($"{setup.AppUrl}/smart/app");
        Assert.Contains("Needs information", await app.Locator("#outcome").InnerTextAsync());
        Assert.Contains(_ehr.Requests("POST", "/auth/token"), e =>
            e.RequestMessage.Body!.Contains("grant_type=refresh_token", StringComparison.Ordinal)
        );

        _ehr.RefusesRefresh = true;
        _ehr.ExpireAccessToken();
        await app.GotoAsync($"{setup.AppUrl}/smart/app");
        Assert.Equal("Access to the EHR has expired", await app.Locator("h1").InnerTextAsync());
        await SaveScreenshotAsync(page, "smart-app-framed-expired.png");

        _ehr.RefusesRefresh = false;
        await TabUntilAsync(page, app, "document.activeElement?.textContent === 'Launch again'");
        await page.Keyboard.PressAsync("Enter");
        await app.WaitForURLAsync($"{setup.AppUrl}/smart/app");
        Assert.Contains("Needs information", await app.Locator("#outcome").InnerTextAsync());
    }

    [AxeFact]
    public async Task Every_page_of_the_framed_flow_passes_axe_with_no_violation_also_in_a_480_px_panel()
    {
        _ehr.GrantsRefreshTokens = true;
        await using var setup = await FramedSmartApp.StartAsync(_ehr, instances: 1);
        var axe = await File.ReadAllTextAsync(AxeFactAttribute.AxePath);
        var page = await setup.OpenEhrPageAsync();
        var app = await setup.AppFrameAsync(page, "/smart/app");
        var results = new Dictionary<string, AxeViolation[]> { ["review"] = await AuditAsync(app, axe) };
        var panel = await setup.OpenEhrPageAsync(width: 480);
        results["review, 480 px panel"] = await AuditAsync(await setup.AppFrameAsync(panel, "/smart/app"), axe);

        await app.GetByRole(AriaRole.Group, new() { Name = "Is the individual a surgical candidate?" })
            .GetByLabel("No")
            .CheckAsync();
        await app.GetByRole(AriaRole.Button, new() { Name = "Save and re-evaluate" }).ClickAsync();
        await app.GetByRole(AriaRole.Status).WaitForAsync();
        results["after answering"] = await AuditAsync(app, axe);

        _ehr.RefusesRefresh = true;
        _ehr.ExpireAccessToken();
        await app.GotoAsync($"{setup.AppUrl}/smart/app");
        results["access expired"] = await AuditAsync(app, axe);

        var report = ResultPath("smart-app-axe.json");
        await File.WriteAllTextAsync(
            report,
            JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true })
        );
        foreach (var (name, violations) in results)
        {
            var summary =
                violations.Length == 0
                    ? "none"
                    : string.Join(", ", violations.Select(v => $"{v.Id} ({v.Impact}, {v.Nodes} nodes)"));
            output.WriteLine($"axe {name}: violations {summary}");
            Console.WriteLine($"SMART app axe audit, {name}: violations {summary}");
        }
        Assert.All(results, r => Assert.Empty(r.Value));
    }

    [AxeFact]
    public async Task Number_and_checkbox_questions_fit_a_480_px_panel_take_keyboard_input_and_pass_axe()
    {
        using var ehr = new SmartEhr("08-renal-no-size-no-staging-inpatient"); // size and staging open
        await using var setup = await FramedSmartApp.StartAsync(ehr, instances: 1);
        var page = await setup.OpenEhrPageAsync(width: 480);
        var app = await setup.AppFrameAsync(page, "/smart/app");

        var widths = await app.EvaluateAsync<int[]>(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        );
        Assert.True(widths[0] <= widths[1], $"the page scrolls sideways: {widths[0]} px wide in {widths[1]} px");
        await TabUntilAsync(page, app, "document.activeElement?.id === 'q-tumor-size'");
        await page.Keyboard.TypeAsync("3.2");
        await TabUntilAsync(page, app, "document.activeElement?.id === 'q-staging-0'");
        await page.Keyboard.PressAsync("Space");
        Assert.Equal("3.2", await app.GetByLabel("Largest dimension of the treated tumor (cm)").InputValueAsync());
        Assert.True(await app.GetByLabel("cN0 (1229967007)").IsCheckedAsync());
        var violations = await AuditAsync(app, await File.ReadAllTextAsync(AxeFactAttribute.AxePath));
        await SaveScreenshotAsync(page, "smart-app-framed-480-questions.png");
        Assert.Empty(violations);
    }

    /// <summary>One axe-core violation: rule, impact and how many elements break it.</summary>
    public sealed record AxeViolation(string Id, string Impact, int Nodes, string Help);

    /// <summary>Runs axe-core inside the app's frame (WCAG 2.x A/AA and best practices).</summary>
    private static async Task<AxeViolation[]> AuditAsync(IFrame frame, string axe)
    {
        await frame.EvaluateAsync(axe);
        var json = await frame.EvaluateAsync<string>(
            """
            async () => JSON.stringify((await axe.run(document, {
                runOnly: {
                  type: 'tag',
                  values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
                },
            })).violations.map(v => ({ id: v.id, impact: v.impact ?? 'unknown', nodes: v.nodes.length, help: v.help })))
            """
        );
        return JsonSerializer.Deserialize<AxeViolation[]>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    /// <summary>
    /// Presses Tab (at most 40 times) until the condition holds in the frame: the element is reachable by keyboard.
    /// </summary>
    private static async Task TabUntilAsync(IPage page, IFrame frame, string condition)
    {
        for (var i = 0; i < 40; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await frame.EvaluateAsync<bool>(condition))
                return;
        }
        throw new InvalidOperationException($"Not reachable with Tab: {condition}");
    }

    /// <summary>Where a file of the test results goes (TestResults/ next to the test binaries).</summary>
    private static string ResultPath(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestResults", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    /// <summary>
    /// Saves a full-page screenshot (the EHR page with the app in its frame) under TestResults/ and prints where.
    /// </summary>
    private async Task SaveScreenshotAsync(IPage page, string name)
    {
        var screenshot = ResultPath(name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        output.WriteLine($"Screenshot: {screenshot}");
        Console.WriteLine($"SMART app screenshot: {screenshot}");
    }
}
