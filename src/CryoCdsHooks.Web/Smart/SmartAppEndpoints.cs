using CryoCdsHooks.FhirAccess;
using CryoCdsHooks.Web.Hosting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;

namespace CryoCdsHooks.Web.Smart;

/// <summary>
/// <c>/smart/app</c>: the order's determination, what to do next (our Questionnaire's open questions) and the
/// criteria; <c>/smart/app/answers</c>: write the answers as a QuestionnaireResponse and re-evaluate.
/// </summary>
internal static class SmartAppEndpoints
{
    public static async Task<IResult> ShowAsync(
        HttpContext context,
        SmartSessionStore store,
        SmartOrderReview review,
        IAntiforgery antiforgery,
        IOptions<CdsServiceOptions> cdsOptions,
        CancellationToken cancellationToken
    )
    {
        // HtmlPage sets no-store itself; setting it here first would only make antiforgery log a warning.
        var session = await store.FindAsync(
            context.Request.Cookies[SmartSessionStore.SessionCookie],
            cancellationToken
        );
        if (session is null)
            return NoSession();
        var (reviewed, problem) = await review.LoadAsync(context, session, cancellationToken);
        if (reviewed is null)
            return problem!;
        var determination = reviewed.Determination;

        string? notice = reviewed.Draft
            ? "This order is not saved in the EHR yet: it is shown as the EHR sent it with the coverage card."
            : null;
        string? alert = null;
        var changed = false;
        if (session.PendingNotice is { } pending)
        {
            // Shown once: consumed here, so a reload of this page does not say it again.
            if (pending.IsProblem)
                alert = pending.Text(determination);
            else
                notice = Join(notice, pending.Text(determination));
            session.PendingNotice = null;
            changed = true;
        }
        if (session.LastShownOutcome != determination?.Outcome)
        {
            session.LastShownOutcome = determination?.Outcome;
            changed = true;
        }
        if (changed)
            await store.SaveAsync(session, cancellationToken);

        var view = new SmartAppView(
            session,
            reviewed.Order,
            reviewed.Loaded.Record.Patient,
            determination,
            reviewed.Documentation,
            session.UnsavedAnswers,
            reviewed.Loaded.Problems,
            cdsOptions.Value.InsurerName,
            cdsOptions.Value.PolicyUrl,
            antiforgery.GetAndStoreTokens(context),
            notice,
            alert
        );
        return SmartAppPage.App(view);
    }

    /// <summary>
    /// Writes the answered questions as one QuestionnaireResponse to the EHR, then shows the re-evaluated page (303).
    /// When the form or the EHR refuses them, nothing is claimed and the answers go back into the form.
    /// </summary>
    public static async Task<IResult> AnswerAsync(
        HttpContext context,
        SmartSessionStore store,
        SmartOrderReview review,
        SmartFhirClient fhir,
        IAntiforgery antiforgery,
        TimeProvider time,
        ILogger<SmartFhirClient> logger,
        CancellationToken cancellationToken
    )
    {
        SmartLaunchEndpoints.NoStore(context);
        var session = await store.FindAsync(
            context.Request.Cookies[SmartSessionStore.SessionCookie],
            cancellationToken
        );
        if (session is null)
            return NoSession();
        if (!context.Request.HasFormContentType)
            return SmartAppPage.Problem(
                StatusCodes.Status415UnsupportedMediaType,
                "Form expected",
                "Submit the documentation form."
            );
        try
        {
            await antiforgery.ValidateRequestAsync(context);
        }
        catch (AntiforgeryValidationException)
        {
            return SmartAppPage.Problem(
                StatusCodes.Status400BadRequest,
                "Form expired",
                "The form expired or did not come from this app. Reload the page and submit again."
            );
        }

        var form = await context.Request.ReadFormAsync(cancellationToken);
        // The questions open now, from the record as it is now: an answer to a question no longer asked is not read.
        var (reviewed, problem) = await review.LoadAsync(context, session, cancellationToken);
        if (reviewed is null)
            return problem!;
        if (reviewed.Documentation is not { } documentation)
            return await BackToPageAsync(context, store, session, new DocumentationNotice(null, null), null);

        var posted = PostedAnswers.Read(form, documentation);
        if (posted.Errors.Count > 0)
        {
            var error = string.Join(" ", posted.Errors);
            return await BackToPageAsync(context, store, session, new(null, null, error), posted.Values);
        }
        if (posted.Items.Count == 0)
            return await BackToPageAsync(context, store, session, new DocumentationNotice(null, null), null);
        if (session.FhirUser is null)
        {
            const string anonymous =
                "The EHR did not say who you are (no fhirUser in the launch), and documentation needs its author.";
            return await BackToPageAsync(context, store, session, new(null, null, anonymous), posted.Values);
        }

        var response = SmartQuestionnaires.Response(session, documentation, posted.Items, time.GetUtcNow());
        string created;
        try
        {
            created = await WriteAsync(session, response, review, fhir, cancellationToken);
        }
        catch (SmartFlowException ex) when (ex.StatusCode == StatusCodes.Status401Unauthorized)
        {
            // The answers cannot be kept for a new launch (another session): the page says nothing was saved.
            return SmartOrderReview.Expired(context, session);
        }
        catch (SmartFlowException ex)
        {
            return await BackToPageAsync(context, store, session, new(null, null, ex.Message), posted.Values);
        }
        SmartLog.ResponseWritten(
            logger,
            response.Questionnaire!,
            string.Join(",", posted.Items.Select(i => i.LinkId)),
            session.Iss.Authority
        );

        if (created.Length > 0)
            response.Id = created["QuestionnaireResponse/".Length..];
        session.WrittenResponses.Add(FhirJson.Serialize(response));
        // Post/Redirect/Get: the page re-loads the record from the EHR, re-evaluates and says what was saved once.
        return await BackToPageAsync(
            context,
            store,
            session,
            new DocumentationNotice(created, session.LastShownOutcome),
            null
        );
    }

    /// <summary>POSTs the response; a 401 gets one token refresh and one more try.</summary>
    private static async Task<string> WriteAsync(
        SmartSession session,
        Hl7.Fhir.Model.QuestionnaireResponse response,
        SmartOrderReview review,
        SmartFhirClient fhir,
        CancellationToken cancellationToken
    )
    {
        try
        {
            return await fhir.CreateAsync(session, response, cancellationToken);
        }
        catch (SmartFlowException ex) when (ex.StatusCode == StatusCodes.Status401Unauthorized)
        {
            if (!await review.HasUsableTokenAsync(session, refused: true, cancellationToken))
                throw;
            return await fhir.CreateAsync(session, response, cancellationToken);
        }
    }

    /// <summary>Keeps the notice (and the unsaved answers, if any) in the session and redirects to the page.</summary>
    private static async Task<IResult> BackToPageAsync(
        HttpContext context,
        SmartSessionStore store,
        SmartSession session,
        DocumentationNotice notice,
        Dictionary<string, string[]>? unsaved
    )
    {
        session.PendingNotice = notice;
        session.UnsavedAnswers = unsaved;
        await store.SaveAsync(session, context.RequestAborted);
        context.Response.Headers.Location = $"{context.Request.PathBase}/smart/app";
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }

    private static string? Join(string? first, string? second) =>
        first is null ? second
        : second is null ? first
        : first + " " + second;

    private static IResult NoSession() =>
        SmartAppPage.Problem(
            StatusCodes.Status401Unauthorized,
            "Session expired",
            "There is no active SMART session in this browser. Launch the app again from the coverage card in the EHR."
        );
}
