using System.Net;
using CryoCdsHooks.FhirAccess;
using CryoCdsHooks.PolicyEngine;
using CryoCdsHooks.Web.Hosting;
using CryoCdsHooks.Web.Persistence;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Validation;
using Microsoft.Extensions.Options;

namespace CryoCdsHooks.Web.Smart;

/// <summary>
/// Reads the launch's order and the patient's record from the EHR with the launch token (refreshed when needed) and
/// evaluates the order, with the QuestionnaireResponses this session wrote as evidence: what the page shows and
/// what the documentation form answers.
/// </summary>
internal sealed class SmartOrderReview(
    SmartSessionStore store,
    SmartAuthorizationClient authorization,
    SmartFhirClient fhir,
    AuditDbContext db,
    IPatientRecordLoader loader,
    IPolicyEngine engine,
    SmartQuestionnaires questionnaires,
    TimeProvider time,
    IOptions<FhirAccessOptions> fhirAccess,
    ILogger<SmartOrderReview> logger
)
{
    private static readonly FhirJsonDeserializer Deserializer = new();

    /// <summary>The evaluated order, or the problem page to answer instead.</summary>
    public async Task<(ReviewedOrder? Review, IResult? Problem)> LoadAsync(
        HttpContext context,
        SmartSession session,
        CancellationToken cancellationToken
    )
    {
        if (!await HasUsableTokenAsync(session, refused: false, cancellationToken))
            return (null, Expired(context, session));
        if (session.OrderReference is null)
        {
            return (
                null,
                SmartAppPage.Problem(
                    StatusCodes.Status400BadRequest,
                    "No order in context",
                    "The launch did not say which order to review (appContext.order). Launch the app from the "
                        + "coverage card."
                )
            );
        }

        var (order, problem, status) = await fhir.ReadOrderAsync(session, session.OrderReference, cancellationToken);
        if (status == HttpStatusCode.Unauthorized)
        {
            // Revoked or expired early: one refresh, then the read again.
            if (!await HasUsableTokenAsync(session, refused: true, cancellationToken))
                return (null, Expired(context, session));
            (order, problem, status) = await fhir.ReadOrderAsync(session, session.OrderReference, cancellationToken);
            if (status == HttpStatusCode.Unauthorized)
                return (null, Expired(context, session));
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
            return (null, SmartAppPage.Problem(StatusCodes.Status502BadGateway, "Order not available", problem!));

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
            return (
                null,
                SmartAppPage.Problem(
                    StatusCodes.Status400BadRequest,
                    "FHIR server not allowed",
                    "The EHR's FHIR server is not on this service's allowlist."
                )
            );
        }

        var record = WithWrittenResponses(loaded.Record, session);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        CoverageDetermination? determination;
        try
        {
            determination = engine.Evaluate([order], [order], record, today, cancellationToken).FirstOrDefault();
        }
        catch (CodedValidationException e)
        {
            // The EHR's data, not ours.
            return (
                null,
                SmartAppPage.Problem(
                    StatusCodes.Status502BadGateway,
                    "Record not readable",
                    $"The EHR's record holds {FhirJson.LenientValueRead(e)}."
                )
            );
        }
        var documentation = determination is null ? null : questionnaires.For(determination, record);
        return (new ReviewedOrder(order, draft, loaded with { Record = record }, determination, documentation), null);
    }

    /// <summary>
    /// The record with the responses this session wrote that the EHR's search did not return (a server that does
    /// not search QuestionnaireResponse, or has not indexed the new one yet): the re-evaluation reads the answers.
    /// </summary>
    private static PatientRecord WithWrittenResponses(PatientRecord record, SmartSession session)
    {
        if (session.WrittenResponses.Count == 0)
            return record;
        var found = record.QuestionnaireResponses.Select(r => r.Id).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var missing = session
            .WrittenResponses.Select(Deserializer.Deserialize<QuestionnaireResponse>)
            .Where(r => r.Id is null || !found.Contains(r.Id))
            .ToList();
        return missing.Count == 0
            ? record
            : record with
            {
                QuestionnaireResponses = [.. record.QuestionnaireResponses, .. missing],
            };
    }

    /// <summary>
    /// True when the session's access token can be used: still valid (with a minute to spare), or refreshed now.
    /// <paramref name="refused"/>: the FHIR server just answered 401, so the token is refreshed whatever its expiry.
    /// </summary>
    public async Task<bool> HasUsableTokenAsync(SmartSession session, bool refused, CancellationToken cancellationToken)
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
    public static IResult Expired(HttpContext context, SmartSession session) =>
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
}
