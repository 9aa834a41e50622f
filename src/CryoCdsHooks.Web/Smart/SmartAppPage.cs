using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using CryoCdsHooks.PolicyEngine;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;

namespace CryoCdsHooks.Web.Smart;

/// <summary>
/// Server-rendered HTML of the SMART app: no script, no CDN, one small local stylesheet. Plain forms, so it works
/// with JavaScript off; headings, a captioned table with header scopes, fieldsets with legends, labelled radios.
/// </summary>
internal static class SmartAppPage
{
    private static readonly HtmlEncoder Html = HtmlEncoder.Default;

    public static string OutcomeLabel(DeterminationOutcome outcome) =>
        outcome switch
        {
            DeterminationOutcome.Covered => "Covered",
            DeterminationOutcome.NeedsInformation => "Needs information",
            DeterminationOutcome.CriteriaNotMet => "Not covered (criteria not met)",
            DeterminationOutcome.Investigational => "Not covered (investigational)",
            _ => outcome.ToString(),
        };

    /// <param name="action">A link that gets the user going again, shown as a button.</param>
    public static IResult Problem(
        int statusCode,
        string title,
        string message,
        (string Href, string Text)? action = null
    )
    {
        var body = new StringBuilder();
        body.Append("<main id=\"main\"><h1>")
            .Append(E(title))
            .Append("</h1>\n<p class=\"problem\" role=\"alert\">")
            .Append(E(message))
            .Append("</p>\n");
        if (action is var (href, text))
            body.Append("<p><a class=\"button\" href=\"")
                .Append(E(href))
                .Append("\">")
                .Append(E(text))
                .Append("</a></p>\n");
        body.Append("</main>\n");
        return new HtmlPage(statusCode, title, body.ToString());
    }

    public static IResult App(SmartAppView view)
    {
        var b = new StringBuilder();
        if (view.Session.NeedPatientBanner)
            PatientBanner(b, view.Patient, view.Session.PatientId);

        b.Append("<main id=\"main\">\n<h1>Cryoablation coverage review</h1>\n");
        b.Append("<p class=\"sub\">")
            .Append(E(view.InsurerName))
            .Append(" · <a href=\"")
            .Append(E(view.PolicyUrl))
            .Append("\" rel=\"noopener noreferrer\" target=\"_blank\">Medical Policy 260</a> · Order <code>")
            .Append(E(view.Session.OrderReference ?? ""))
            .Append("</code> ")
            .Append(E(OrderDescription(view.Order)))
            .Append("</p>\n");

        if (view.Notice is not null)
            b.Append("<p class=\"notice\" role=\"status\">").Append(E(view.Notice)).Append("</p>\n");
        AlertWithoutForm(b, view);

        if (view.Problems.Count > 0)
        {
            b.Append(
                "<div class=\"problem\" role=\"alert\"><p><strong>Some data could not be read from the EHR</strong>; "
                    + "the result may change once it can:</p><ul>"
            );
            foreach (var problem in view.Problems)
                b.Append("<li>").Append(E(problem.PrefetchKey)).Append(": ").Append(E(problem.Message)).Append("</li>");
            b.Append("</ul></div>\n");
        }

        var d = view.Determination;
        if (d is null)
        {
            b.Append(
                "<p>Medical Policy 260 does not apply to this order's procedure code: there is nothing to "
                    + "review.</p>\n</main>\n"
            );
            return new HtmlPage(StatusCodes.Status200OK, "Cryoablation coverage review", b.ToString());
        }

        // What to do next sits right under the answer; the criteria that explain it come after.
        Determination(b, d, view.Session.CoverageAssertionId);
        NextSteps(b, view);
        Criteria(b, d);

        if (d.Notes.Count > 0)
        {
            b.Append("<section aria-labelledby=\"notes-h\"><h2 id=\"notes-h\">Notes</h2><ul>");
            foreach (var note in d.Notes)
                b.Append("<li>").Append(E(note)).Append("</li>");
            b.Append("</ul></section>\n");
        }
        b.Append("</main>\n");
        return new HtmlPage(
            StatusCodes.Status200OK,
            $"{OutcomeLabel(d.Outcome)} – cryoablation coverage review",
            b.ToString()
        );
    }

    private static void PatientBanner(StringBuilder b, Patient? patient, string patientId)
    {
        var name = patient?.Name.FirstOrDefault(n => n.Use == HumanName.NameUse.Official)
            ?? patient?.Name.FirstOrDefault();
        var display = name is null
            ? $"Patient/{patientId}"
            : string.Join(" ", name.Given.Append(name.Family).Where(p => !string.IsNullOrEmpty(p)));
        b.Append("<header class=\"banner\" aria-label=\"Patient\"><strong>").Append(E(display)).Append("</strong>");
        if (patient?.BirthDate is { Length: > 0 } birthDate)
            b.Append(" · born ").Append(E(birthDate));
        if (patient?.Gender is { } gender)
            b.Append(" · ").Append(E(gender.ToString().ToLowerInvariant()));
        b.Append("</header>\n");
    }

    private static void Determination(StringBuilder b, CoverageDetermination d, string? coverageAssertionId)
    {
        var css = d.Outcome switch
        {
            DeterminationOutcome.Covered => "covered",
            DeterminationOutcome.NeedsInformation => "needs-info",
            _ => "not-covered",
        };
        b.Append("<section aria-labelledby=\"determination-h\">\n<h2 id=\"determination-h\">Determination</h2>\n");
        b.Append("<p class=\"outcome ")
            .Append(css)
            .Append("\" id=\"outcome\"><strong>")
            .Append(E(OutcomeLabel(d.Outcome)))
            .Append("</strong> – ")
            .Append(E(d.Reason))
            .Append("</p>\n<dl>");
        b.Append("<dt>Prior authorization</dt><dd>")
            .Append(
                E(
                    d.PriorAuthorization switch
                    {
                        PriorAuthorization.Required => "Required (inpatient)",
                        PriorAuthorization.NotRequired => "Not required (outpatient)",
                        PriorAuthorization.Conditional => "Required only if inpatient (setting unknown)",
                        _ => "Not applicable",
                    }
                )
            )
            .Append("</dd>");
        b.Append("<dt>Procedure</dt><dd>CPT ").Append(E(d.CptCode)).Append("</dd>");
        if (coverageAssertionId is not null)
            b.Append("<dt>Coverage assertion (card)</dt><dd><code>")
                .Append(E(coverageAssertionId))
                .Append("</code></dd>");
        b.Append("</dl>\n</section>\n");
    }

    private static void Criteria(StringBuilder b, CoverageDetermination d)
    {
        b.Append("<section aria-labelledby=\"criteria-h\">\n<h2 id=\"criteria-h\">Policy criteria</h2>\n");
        b.Append(
            // Explicit roles: a narrow panel shows the rows as stacked blocks, where some browsers drop table
            // semantics.
            "<table role=\"table\">\n<caption>Each criterion of Medical Policy 260 for this order, "
                + "with the evidence found in the record</caption>\n"
        );
        b.Append(
            "<thead role=\"rowgroup\"><tr role=\"row\">"
                + string.Concat(Columns.Select(c => $"<th scope=\"col\" role=\"columnheader\">{c}</th>"))
                + "</tr></thead>\n<tbody role=\"rowgroup\">\n"
        );
        foreach (var criterion in d.Criteria)
        {
            var (label, css, symbol) = CriterionReading.Shown(d, criterion) switch
            {
                CriterionStatus.Met => ("Met", "met", "✓"),
                CriterionStatus.NotMet => ("Not met", "not-met", "✗"),
                CriterionStatus.NotNeeded => ("Not needed", "not-needed", "–"),
                _ => ("Unknown", "unknown", "?"),
            };
            b.Append("<tr role=\"row\" data-criterion=\"")
                .Append(E(criterion.Id))
                .Append("\"><th scope=\"row\" role=\"rowheader\">")
                .Append(E(criterion.Description))
                .Append("</th>");
            b.Append(Cell(1))
                .Append("<span class=\"status ")
                .Append(css)
                .Append("\"><span aria-hidden=\"true\">")
                .Append(symbol)
                .Append("</span> ")
                .Append(label)
                .Append("</span></td>")
                .Append(Cell(2));
            if (criterion.Evidence.Count == 0)
                b.Append("<span class=\"muted\">None found</span>");
            else
            {
                b.Append("<ul class=\"evidence\">");
                foreach (var evidence in criterion.Evidence)
                {
                    b.Append("<li>")
                        .Append(E(evidence.Summary))
                        .Append(" <span class=\"muted\">(")
                        .Append(E(evidence.ResourceReference));
                    if (evidence.Date is { } date)
                        b.Append(", ").Append(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                    b.Append(")</span></li>");
                }
                b.Append("</ul>");
            }
            b.Append("</td>").Append(Cell(3, "clause")).Append(E(criterion.PolicyClause)).Append("</td></tr>\n");
        }
        b.Append("</tbody>\n</table>\n</section>\n");
    }

    private static readonly string[] Columns = ["Criterion", "Status", "Evidence", "Policy clause"];

    /// <summary>A data cell that names its column, for the stacked layout of a narrow panel.</summary>
    private static string Cell(int column, string? css = null) =>
        $"<td role=\"cell\" data-label=\"{Columns[column]}\"{(css is null ? "" : $" class=\"{css}\"")}>";

    /// <summary>
    /// What the clinician can do about a "needs information" answer: what is missing, then our Questionnaire's open
    /// questions as a form.
    /// </summary>
    private static void NextSteps(StringBuilder b, SmartAppView view)
    {
        var d = view.Determination!;
        if (d.Missing.Count == 0)
            return;
        b.Append("<section aria-labelledby=\"next-h\" id=\"next\">\n<h2 id=\"next-h\">What to do next</h2>\n");
        if (view.Alert is not null)
            b.Append("<p class=\"problem\" role=\"alert\">").Append(E(view.Alert)).Append("</p>\n");
        b.Append("<p>The answer stays open until this is documented:</p>\n<ul>");
        foreach (var missing in d.Missing)
            b.Append("<li>").Append(E(missing.Description)).Append("</li>");
        b.Append("</ul>\n");
        var documentation = view.Documentation;
        if (documentation is { ChartOnly.Count: > 0 })
        {
            b.Append("<p>To document in the chart (not a question of this form); launch the app again afterwards: ")
                .Append(E(string.Join("; ", documentation.ChartOnly.Select(m => m.Description))))
                .Append(".</p>\n");
        }
        if (documentation is { Questionnaire.Item.Count: > 0 })
        {
            if (view.Session.FhirUser is null)
                b.Append(
                    "<p class=\"problem\">The EHR did not say who you are (no fhirUser in the launch), so answers "
                        + "cannot be signed here: document them in the chart.</p>\n"
                );
            else
                DocumentationFormHtml.Render(b, view, documentation);
        }
        b.Append("</section>\n");
    }

    /// <summary>A one-time problem of the documentation form when the page has no form to show it next to.</summary>
    private static void AlertWithoutForm(StringBuilder b, SmartAppView view)
    {
        if (view.Alert is not null && view.Determination?.Missing.Count is null or 0)
            b.Append("<p class=\"problem\" role=\"alert\">").Append(E(view.Alert)).Append("</p>\n");
    }

    private static string OrderDescription(ServiceRequest order)
    {
        var coding = order.Code?.Coding.FirstOrDefault(c => c.System == "http://www.ama-assn.org/go/cpt")
            ?? order.Code?.Coding.FirstOrDefault();
        var text = order.Code?.Text ?? coding?.Display;
        return coding is null ? text ?? "" : $"(CPT {coding.Code}{(text is null ? "" : ": " + text)})";
    }

    private static string E(string text) => Html.Encode(text);

    /// <summary>
    /// Only the EHR origins of <c>Smart:FrameAncestors</c> may frame the app; none configured: nobody.
    /// </summary>
    internal static string FrameAncestors(SmartOptions options) =>
        options.FrameAncestors.Length == 0
            ? "'none'"
            : string.Join(' ', options.FrameAncestors.Select(o => o.TrimEnd('/')));

    /// <summary>An HTML page with the app's security headers: no caching (PHI), strict CSP without script.</summary>
    private sealed class HtmlPage(int statusCode, string title, string body) : IResult
    {
        public async System.Threading.Tasks.Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = statusCode;
            response.ContentType = "text/html; charset=utf-8";
            response.Headers.CacheControl = "no-store";
            response.Headers["Referrer-Policy"] = "no-referrer";
            response.Headers["X-Content-Type-Options"] = "nosniff";
            response.Headers.ContentSecurityPolicy =
                "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; "
                + "frame-ancestors "
                + FrameAncestors(
                    httpContext.RequestServices.GetRequiredService<IOptionsMonitor<SmartOptions>>().CurrentValue
                );
            var css = $"{httpContext.Request.PathBase}/smart/app.css";
            await response.WriteAsync(
                "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
                    + "content=\"width=device-width, initial-scale=1\">\n"
                    + $"<title>{Html.Encode(title)}</title>\n<link rel=\"stylesheet\" "
                    + $"href=\"{Html.Encode(css)}\">\n</head>\n<body>\n{body}</body>\n</html>\n",
                httpContext.RequestAborted
            );
        }
    }
}
