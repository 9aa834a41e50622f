using System.Net;
using System.Text.RegularExpressions;
using CryoCdsHooks.Web.Tests.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using static CryoCdsHooks.Web.Tests.Security.SecuredServiceFixture;

namespace CryoCdsHooks.Web.Tests.Smart;

/// <summary>What a clinician meets on the review page (what to do next, notices, statuses), and the logs.</summary>
public sealed partial class SmartLaunchTests
{
    [Fact]
    public async Task What_to_do_next_follows_the_answer_and_comes_before_the_criteria_table()
    {
        await using var factory = new CdsServiceFactory();
        using var client = Client(factory);

        var page = await LaunchAndOpenAppAsync(client);

        var answer = page.IndexOf("id=\"outcome\"", StringComparison.Ordinal);
        var next = page.IndexOf("<h2 id=\"next-h\">What to do next</h2>", StringComparison.Ordinal);
        var question = page.IndexOf("name=\"q-surgical-candidacy\"", StringComparison.Ordinal);
        var criteria = page.IndexOf("<table", StringComparison.Ordinal);
        Assert.True(answer >= 0 && answer < next && next < question && question < criteria, page);
    }

    [Fact]
    public async Task Saved_notice_shows_on_the_page_after_the_form_and_not_again_on_reload()
    {
        await using var factory = new CdsServiceFactory();
        using var client = Client(factory);
        var page = await LaunchAndOpenAppAsync(client);

        var attest = await AnswerNotACandidateAsync(client, page);
        var location = attest.Headers.Location!.OriginalString;
        var first = await client.GetStringAsync(location);
        var reload = await client.GetStringAsync(location);

        Assert.Contains("Saved your answers to the EHR (QuestionnaireResponse/qr-new-1) and re-evaluated.", first);
        Assert.Contains("Covered", reload);
        Assert.DoesNotContain("Saved your answers", reload);
        Assert.DoesNotContain("role=\"status\"", reload);
    }

    [Fact]
    public async Task Unknown_criterion_that_cannot_change_the_answer_reads_not_needed_the_one_asked_for_stays_unknown()
    {
        await using var factory = new CdsServiceFactory();
        using var client = Client(factory);

        // Sample 07: two kidneys and a normal eGFR, so kidney preservation is not needed; only candidacy is asked.
        var page = await LaunchAndOpenAppAsync(client);

        Assert.Contains("<span class=\"status not-needed\">", Row(page, "resection-worsens-kidney-function"));
        Assert.Contains("Not needed", Row(page, "resection-worsens-kidney-function"));
        Assert.Contains("<span class=\"status unknown\">", Row(page, "not-surgical-candidate"));
    }

    [Fact]
    public async Task Smart_pages_log_no_cds_client_login_failure_and_a_bad_hook_token_still_does()
    {
        var logs = new CapturingLoggerProvider();
        var key = new TestSigningKey("ES384");
        await using var secured = Trust(new CdsServiceFactory(), 0, EsIssuer)
            .With("CdsClients:Clients:0:Jwks", TestSigningKey.Jwks(key));
        await using var factory = secured.WithWebHostBuilder(b =>
            b.ConfigureLogging(logging =>
                logging.AddProvider(logs).AddFilter<CapturingLoggerProvider>(null, LogLevel.Trace)
            )
        );
        using var client = Client(factory);

        var page = await LaunchAndOpenAppAsync(client);
        await client.GetAsync("/smart/app.css");
        var attest = await AnswerNotACandidateAsync(client, page);
        Assert.Contains("Now: Covered", await client.GetStringAsync(attest.Headers.Location!.OriginalString));
        Assert.DoesNotContain(LoginFailure, logs.Text);

        var otherKey = new TestSigningKey("ES384");
        var hook = await client.SendAsync(
            Call(
                HookClient.OrderSign,
                ClientTokens.Create(TokenFor(HookClient.OrderSign, EsIssuer, otherKey)),
                new PatientScenario().OrderSign()
            )
        );

        Assert.Equal(HttpStatusCode.Unauthorized, hook.StatusCode);
        Assert.Contains(LoginFailure, logs.Text);
    }

    /// <summary>How ASP.NET Core logs a failed CDS client login (no login at all logs at Debug only).</summary>
    private const string LoginFailure =
        "Information CryoCdsHooks.Web.Security.CdsClientAuthenticationHandler: CdsClientJwt was not authenticated."
        + " Failure message:";

    /// <summary>Posts the review page's form with "is a surgical candidate: no".</summary>
    private static Task<HttpResponseMessage> AnswerNotACandidateAsync(HttpClient client, string page) =>
        client.PostAsync(
            "/smart/app/answers",
            new FormUrlEncodedContent(
                new Dictionary<string, string>
                {
                    ["__RequestVerificationToken"] = AntiforgeryToken(page),
                    ["q-surgical-candidacy"] = "false",
                }
            )
        );

    /// <summary>The criteria table's row for one criterion id.</summary>
    private static string Row(string page, string criterionId) =>
        Regex.Match(
            page,
            $"<tr role=\"row\" data-criterion=\"{Regex.Escape(criterionId)}\">.*?</tr>",
            RegexOptions.Singleline
        )
            is { Success: true } row
            ? row.Value
            : throw new InvalidOperationException($"no row for {criterionId}");
}
