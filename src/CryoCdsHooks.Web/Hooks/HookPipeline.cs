using System.Data.Common;
using System.Text.Json;
using CryoCdsHooks.FhirAccess;
using CryoCdsHooks.PolicyEngine;
using CryoCdsHooks.PolicyEngine.Terminology;
using CryoCdsHooks.Web.Discovery;
using CryoCdsHooks.Web.Hosting;
using CryoCdsHooks.Web.Telemetry;
using Hl7.Fhir.Validation;
using Microsoft.Extensions.Options;

namespace CryoCdsHooks.Web.Hooks;

/// <summary>
/// From a parsed hook request to its answer: validation, the patient's record, the policy engine, and the
/// response, all within the call's <see cref="HookDeadline"/>. The endpoint adds HTTP, audit and metrics around it;
/// warm-up runs it on a sample.
/// </summary>
public sealed class HookPipeline(
    HookRequestReader reader,
    IPatientRecordLoader loader,
    OrderSelectReuse evaluations,
    IPolicyEngine engine,
    PolicyTerminology terminology,
    TimeProvider time,
    IOptions<CdsServiceOptions> options,
    IOptionsMonitor<FhirAccessOptions> fhirAccess,
    PayerIdentity payer,
    EarlierAnswers earlierAnswers,
    ILogger<HookPipeline> logger
)
{
    /// <summary>The call's one budget (<c>FhirAccess:HookDeadline</c>), started when the request arrives.</summary>
    public HookDeadline StartDeadline(CancellationToken callerToken) =>
        new(fhirAccess.CurrentValue.HookDeadline, time, callerToken);

    /// <param name="baseUrl">This service's external base URL, for relative links such as the SMART launch URL.</param>
    /// <param name="deadline">
    /// Loading and evaluating stop when it fires. Past the deadline every order in scope is answered indeterminate
    /// (technical) from what is known without the record; a caller that went away gets an
    /// <see cref="OperationCanceledException"/>.
    /// </param>
    public async Task<HookOutcome> AnswerAsync(
        HookKind service,
        JsonElement root,
        string? clientId,
        string baseUrl,
        HookDeadline deadline
    )
    {
        try
        {
            return await AnswerCoreAsync(service, root, clientId, baseUrl, deadline);
        }
        catch (CodedValidationException e)
        {
            return HookOutcome.Failure(
                StatusCodes.Status400BadRequest,
                new RequestIssue(
                    "invalid",
                    "prefetch",
                    $"The record holds {FhirJson.LenientValueRead(e)}. Correct the data, or leave the element out."
                )
            );
        }
    }

    private async Task<HookOutcome> AnswerCoreAsync(
        HookKind service,
        JsonElement root,
        string? clientId,
        string baseUrl,
        HookDeadline deadline
    )
    {
        var (request, issues) = reader.Read(root, service);
        if (request is null)
            return HookOutcome.Failure(StatusCodes.Status400BadRequest, issues);

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        PatientRecordLoadResult? loaded = null;
        IReadOnlyList<HookSubject>? subjects = null;
        IReadOnlyList<string> subjectNotes = [];
        IReadOnlyList<CoverageDetermination> determinations;
        string? lateNote = null;
        try
        {
            loaded = await loader.LoadAsync(
                new HookDataRequest(
                    request.PatientId,
                    request.EncounterId,
                    request.Prefetch,
                    request.FhirServer,
                    request.AccessToken,
                    clientId
                )
                {
                    HookKeys = service.OwnQueries(request),
                },
                deadline
            );
            // The hook-specific part: which orders, on which resource, at which place and date.
            (subjects, subjectNotes) = service.SubjectsOf(request, loaded);
            determinations = Evaluate(request, subjects, loaded, clientId, today, deadline.Token);
        }
        catch (InvalidPrefetchException e)
        {
            return HookOutcome.Failure(
                StatusCodes.Status400BadRequest,
                new RequestIssue("invalid", $"prefetch.{e.PrefetchKey}", e.Message)
            );
        }
        catch (FhirServerNotAllowedException e)
        {
            return HookOutcome.Failure(
                StatusCodes.Status400BadRequest,
                new RequestIssue(
                    "security",
                    "fhirServer",
                    $"{e.Message} Send the data as prefetch, or ask the operator to add the server to "
                        + "FhirAccess:AllowedFhirServers."
                )
            );
        }
        catch (PrefetchUnavailableException e)
        {
            return HookOutcome.Failure(
                StatusCodes.Status412PreconditionFailed,
                new RequestIssue(
                    "required",
                    "prefetch",
                    $"{e.Message}. Send these prefetch keys, or fhirServer and fhirAuthorization so the service can "
                        + "query them."
                )
            );
        }
        catch (OperationCanceledException) when (deadline.HasPassed)
        {
            // The EHR is still waiting: answer now from what needs no record, rather than late or not at all.
            var stage = loaded is null ? "loading the record" : "evaluating";
            HookLog.DeadlinePassed(logger, service.ServiceId, stage, deadline.Budget.TotalMilliseconds);
            lateNote =
                $"The hook deadline ({deadline.Budget.TotalMilliseconds:0} ms) passed while {stage}: every order was "
                + "answered indeterminate (technical).";
            subjects ??= service.SubjectsOf(request, loaded ?? NothingLoaded).Subjects;
            determinations = engine.Undecided(
                [.. subjects.Select(s => s.Order.Resource)],
                today,
                "Not evaluated: the hook deadline passed."
            );
        }

        var record = loaded ?? NothingLoaded;
        var answers = HookAnswering
            .Answer(subjects, record, determinations, today, payer, late: lateNote is not null)
            .Select(a => a.Questionnaire is null ? a : a with { DecisionBasis = Keep(a, record.Record, today) })
            .ToList();
        var settings = options.Value;
        var links = new CardLinks(
            settings.PolicyUrl,
            AbsoluteUrl(baseUrl, settings.SmartLaunchUrl),
            settings.DtrLaunchUrl is { Length: > 0 } dtr ? AbsoluteUrl(baseUrl, dtr) : null
        );
        var earlier =
            lateNote is null && service.SaysWhatChanged
                ? await EarlierAsync(service, request, clientId, answers, deadline)
                : new Dictionary<string, EarlierAnswer>();
        var (body, assertions) = HookResponse.Compose(request, answers, earlier, settings.InsurerName, links);
        // Deviations read past (paths, keys and codes only, no values) go to the audit record, and so does lateness.
        return new HookOutcome(
            StatusCodes.Status200OK,
            body,
            [],
            assertions,
            loaded is null ? null : CrdDataUse.From(loaded),
            [.. request.Notes, .. record.Notes, .. subjectNotes, .. lateNote is null ? [] : new[] { lateNote }]
        );
    }

    private static readonly PatientRecordLoadResult NothingLoaded = new(new PatientRecord(), []);

    /// <summary>
    /// What this client was told before about these orders; nothing when the store cannot say in time.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, EarlierAnswer>> EarlierAsync(
        HookKind service,
        HookRequest request,
        string? clientId,
        IReadOnlyList<OrderCoverageAnswer> answers,
        HookDeadline deadline
    )
    {
        try
        {
            return await earlierAnswers.LatestAsync(
                clientId ?? "",
                request.PatientId,
                [.. answers.Select(a => a.Order.Reference).Distinct()],
                deadline.Token
            );
        }
        catch (OperationCanceledException) when (deadline.HasPassed)
        {
            return new Dictionary<string, EarlierAnswer>();
        }
        catch (DbException e)
        {
            HookLog.EarlierAnswersUnread(logger, service.ServiceId, e.GetType().Name);
            return new Dictionary<string, EarlierAnswer>();
        }
    }

    private IReadOnlyList<CoverageDetermination> Evaluate(
        HookRequest request,
        IReadOnlyList<HookSubject> subjects,
        PatientRecordLoadResult loaded,
        string? clientId,
        DateOnly today,
        CancellationToken ct
    )
    {
        using var evaluation = CryoTelemetry.ActivitySource.StartActivity("PolicyEngine.Evaluate");
        evaluation?.SetTag("cryo.orders", subjects.Count);
        var (determinations, reused) = evaluations.Evaluate(request, subjects, loaded, clientId, today, ct);
        evaluation?.SetTag("cryo.reused_order_select", reused);
        return determinations;
    }

    /// <summary>
    /// What $next-question needs to judge a conditional answer again with the documentation (docs/dtr.md).
    /// </summary>
    private DecisionBasis? Keep(OrderCoverageAnswer answer, PatientRecord record, DateOnly today)
    {
        using var keeping = CryoTelemetry.ActivitySource.StartActivity("PolicyEngine.DecisionBasis");
        return DecisionBasis.Keep(engine, answer.Determination, record, today, terminology);
    }

    private static string AbsoluteUrl(string baseUrl, string url) =>
        // "/x" parses as an absolute file: URI on Unix, so check the scheme.
        Uri.TryCreate(url, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https"
            ? url
            : baseUrl + url;
}
