using System.Net;
using CryoCdsHooks.FhirAccess;
using CryoCdsHooks.PolicyEngine;
using CryoCdsHooks.Web.Hosting;
using CryoCdsHooks.Web.Persistence;
using Hl7.Fhir.Model;
using Hl7.Fhir.Validation;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;

namespace CryoCdsHooks.Web.Smart;

/// <summary>
/// <c>/smart/app</c>: the order's criteria, evidence and determination; <c>/smart/app/attest</c>: write attestations.
/// </summary>
internal static class SmartAppEndpoints
{
    public const string FieldPrefix = "attestation-";

    public static async Task<IResult> ShowAsync(
        HttpContext context,
        SmartSessionStore store,
        SmartAuthorizationClient authorization,
        SmartFhirClient fhir,
        AuditDbContext db,
        IPatientRecordLoader loader,
        IPolicyEngine engine,
        IAntiforgery antiforgery,
        TimeProvider time,
        IOptions<CdsServiceOptions> cdsOptions,
        IOptions<FhirAccessOptions> fhirAccess,
        ILogger<SmartAuthorizationClient> logger,
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
        if (!await HasUsableTokenAsync(session, refused: false, store, authorization, time, logger, cancellationToken))
            return Expired(context, session);
        if (session.OrderReference is null)
        {
            return SmartAppPage.Problem(
                StatusCodes.Status400BadRequest,
                "No order in context",
                "The launch did not say which order to review (appContext.order). Launch the app from the "
                    + "coverage card."
            );
        }

        var (order, problem, status) = await fhir.ReadOrderAsync(session, session.OrderReference, cancellationToken);
        if (status == HttpStatusCode.Unauthorized)
        {
            // Revoked or expired early: one refresh, then the read again.
            if (
                !await HasUsableTokenAsync(
                    session,
                    refused: true,
                    store,
                    authorization,
                    time,
                    logger,
                    cancellationToken
                )
            )
                return Expired(context, session);
            (order, problem, status) = await fhir.ReadOrderAsync(session, session.OrderReference, cancellationToken);
            if (status == HttpStatusCode.Unauthorized)
                return Expired(context, session);
        }
        var draft = false;
        if (
            order is null
            && status == HttpStatusCode.NotFound
            && await SmartDraftOrders.FindAsync(db, session, cancellationToken) is { } stored
        )
        {
            SmartLog.DraftOrderFromAssertion(logger);
            (order, draft) = (stored, true);
        }
        if (order is null)
            return SmartAppPage.Problem(StatusCodes.Status502BadGateway, "Order not available", problem!);

        var encounterId =
            order.Encounter?.Reference is { } encounterReference
            && encounterReference.StartsWith("Encounter/", StringComparison.Ordinal)
                ? encounterReference["Encounter/".Length..]
                : session.EncounterId;
        PatientRecordLoadResult loaded;
        try
        {
            // Fetching is bounded as for a hook (no prefetch to parse, so the deadline only ends fetches: Timeout
            // problems).
            using var deadline = new HookDeadline(fhirAccess.Value.HookDeadline, time, cancellationToken);
            loaded = await loader.LoadAsync(
                new HookDataRequest(
                    session.PatientId,
                    encounterId,
                    Prefetch: null,
                    session.Iss,
                    session.AccessToken,
                    ClientId: null
                ),
                deadline
            );
        }
        catch (FhirServerNotAllowedException)
        {
            return SmartAppPage.Problem(
                StatusCodes.Status400BadRequest,
                "FHIR server not allowed",
                "The EHR's FHIR server is not on this service's allowlist."
            );
        }

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        CoverageDetermination? determination;
        try
        {
            determination = engine.Evaluate([order], [order], loaded.Record, today, cancellationToken).FirstOrDefault();
        }
        catch (CodedValidationException e)
        {
            // The EHR's data, not ours.
            return SmartAppPage.Problem(
                StatusCodes.Status502BadGateway,
                "Record not readable",
                $"The EHR's record holds {FhirJson.LenientValueRead(e)}."
            );
        }

        string? notice = draft
            ? "This order is not saved in the EHR yet: it is shown as the EHR sent it with the coverage card."
            : null;
        var changed = false;
        if (session.PendingNotice is { } pending)
        {
            // Shown once: consumed here, so a reload of this page does not say it again.
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
            order,
            loaded.Record.Patient,
            determination,
            determination is null ? [] : AttestationQuestions.For(determination.Missing),
            loaded.Problems,
            cdsOptions.Value.InsurerName,
            cdsOptions.Value.PolicyUrl,
            antiforgery.GetAndStoreTokens(context),
            notice
        );
        return SmartAppPage.App(view);
    }

    /// <summary>Writes each answered attestation as an Observation, then shows the re-evaluated page (303).</summary>
    public static async Task<IResult> AttestAsync(
        HttpContext context,
        SmartSessionStore store,
        SmartAuthorizationClient authorization,
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
                "Submit the attestation form."
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
        var answers = new List<(AttestationQuestion Question, bool Value)>();
        foreach (var question in AttestationQuestions.All)
        {
            var posted = form[FieldPrefix + question.Code].ToString();
            foreach (var (value, _) in AttestationQuestion.Choices)
            {
                if (posted == AttestationQuestion.FormValue(value))
                    answers.Add((question, value));
            }
        }
        if (answers.Count == 0)
        {
            session.PendingNotice = new AttestationNotice(0, null);
            await store.SaveAsync(session, cancellationToken);
            return SeeOther(context, "/smart/app");
        }
        if (!await HasUsableTokenAsync(session, refused: false, store, authorization, time, logger, cancellationToken))
            return Expired(context, session);

        var saved = 0;
        try
        {
            foreach (var (question, value) in answers)
            {
                await fhir.CreateAsync(session, fhir.NewAttestation(session, question, value), cancellationToken);
                saved++;
                SmartLog.AttestationWritten(logger, question.Code, session.Iss.Authority);
            }
        }
        catch (SmartFlowException ex) when (ex.StatusCode == StatusCodes.Status401Unauthorized && saved == 0)
        {
            return Expired(context, session);
        }
        catch (SmartFlowException ex)
        {
            var partial = saved > 0 ? $" {saved} of {answers.Count} attestations were saved before the failure." : "";
            return SmartAppPage.Problem(ex.StatusCode, "Attestation not saved", ex.Message + partial);
        }

        session.PendingNotice = new AttestationNotice(saved, session.LastShownOutcome);
        await store.SaveAsync(session, cancellationToken);
        // Post/Redirect/Get: the page re-loads the record from the EHR, re-evaluates and says what was saved once.
        return SeeOther(context, "/smart/app");
    }

    private static string? Join(string? first, string? second) =>
        first is null ? second
        : second is null ? first
        : first + " " + second;

    /// <summary>
    /// True when the session's access token can be used: still valid (with a minute to spare), or refreshed now.
    /// <paramref name="refused"/>: the FHIR server just answered 401, so the token is refreshed whatever its expiry.
    /// </summary>
    private static async Task<bool> HasUsableTokenAsync(
        SmartSession session,
        bool refused,
        SmartSessionStore store,
        SmartAuthorizationClient authorization,
        TimeProvider time,
        ILogger logger,
        CancellationToken cancellationToken
    )
    {
        var now = time.GetUtcNow();
        if (!refused && session.AccessTokenExpiresAt > now + TimeSpan.FromMinutes(1))
            return true;
        if (session.RefreshToken is null)
        {
            SmartLog.TokenExpired(logger, "no refresh token was granted");
            return false;
        }
        try
        {
            var (accessToken, expiresIn, refreshToken) = await authorization.RefreshAsync(session, cancellationToken);
            session.AccessToken = accessToken;
            session.RefreshToken = refreshToken;
            session.AccessTokenExpiresAt =
                now + SmartLaunchEndpoints.AccessTokenLifetime(expiresIn, session.ExpiresAt - now);
            await store.SaveAsync(session, cancellationToken);
            return true;
        }
        catch (SmartFlowException)
        {
            SmartLog.TokenExpired(logger, "the refresh was refused");
            return false;
        }
    }

    /// <summary>The page for an access token that ran out: says so and offers the same EHR launch again.</summary>
    private static IResult Expired(HttpContext context, SmartSession session) =>
        SmartAppPage.Problem(
            StatusCodes.Status401Unauthorized,
            "Access to the EHR has expired",
            "The EHR no longer accepts this app's access for this launch, and it could not be renewed. Nothing more "
                + "was saved. "
                + "Launch the app again; if the EHR does not accept the same launch, open it again from the "
                + "coverage card.",
            (
                $"{context.Request.PathBase}/smart/launch?iss={Uri.EscapeDataString(session.Iss.OriginalString)}"
                    + $"&launch={Uri.EscapeDataString(session.Launch)}",
                "Launch again"
            )
        );

    private static IResult SeeOther(HttpContext context, string path)
    {
        context.Response.Headers.Location = $"{context.Request.PathBase}{path}";
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }

    private static IResult NoSession() =>
        SmartAppPage.Problem(
            StatusCodes.Status401Unauthorized,
            "Session expired",
            "There is no active SMART session in this browser. Launch the app again from the coverage card in the EHR."
        );
}
