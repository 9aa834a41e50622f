using System.Text.Json;
using CryoCdsHooks.FhirAccess;
using CryoCdsHooks.PolicyEngine;
using CryoCdsHooks.Web.Discovery;
using CryoCdsHooks.Web.Hosting;
using CryoCdsHooks.Web.Metrics;
using CryoCdsHooks.Web.Telemetry;
using Microsoft.Extensions.Options;

namespace CryoCdsHooks.Web.Hooks;

/// <summary>
/// From a parsed hook request to its answer: validation, the patient's record, the policy
/// engine, and the response. The endpoint adds HTTP, audit and metrics around it; warm-up runs it on a sample.
/// </summary>
public sealed class HookPipeline(
    HookRequestReader reader, IPatientRecordLoader loader, OrderSelectReuse evaluations, TimeProvider time,
    IOptions<CdsServiceOptions> options, PayerIdentity payer)
{
    /// <param name="baseUrl">This service's external base URL, for relative links such as the SMART launch URL.</param>
    public async Task<HookOutcome> AnswerAsync(
        CdsServiceDefinition service, JsonElement root, string? clientId, string baseUrl, CancellationToken ct)
    {
        var (request, issues) = reader.Read(root, service);
        if (request is null) return HookOutcome.Failure(StatusCodes.Status400BadRequest, issues);

        PatientRecordLoadResult loaded;
        try
        {
            loaded = await loader.LoadAsync(new HookDataRequest(request.PatientId, request.EncounterId, request.Prefetch,
                request.FhirServer, request.AccessToken, clientId), ct);
        }
        catch (InvalidPrefetchException e)
        {
            return HookOutcome.Failure(StatusCodes.Status400BadRequest, new RequestIssue("invalid", $"prefetch.{e.PrefetchKey}", e.Message));
        }
        catch (FhirServerNotAllowedException e)
        {
            return HookOutcome.Failure(StatusCodes.Status400BadRequest, new RequestIssue("security", "fhirServer",
                $"{e.Message} Send the data as prefetch, or ask the operator to add the server to FhirAccess:AllowedFhirServers."));
        }
        catch (PrefetchUnavailableException e)
        {
            return HookOutcome.Failure(StatusCodes.Status412PreconditionFailed, new RequestIssue("required", "prefetch",
                $"{e.Message}. Send these prefetch keys, or fhirServer and fhirAuthorization so the service can query them."));
        }

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        IReadOnlyList<CoverageDetermination> determinations;
        using (var evaluation = CryoTelemetry.ActivitySource.StartActivity("PolicyEngine.Evaluate"))
        {
            evaluation?.SetTag("cryo.orders", request.OrdersInScope.Count);
            (determinations, var reused) = evaluations.Evaluate(request, loaded, clientId, today, ct);
            evaluation?.SetTag("cryo.reused_order_select", reused);
        }
        var answers = HookAnswering.Answer(request, loaded, determinations, today, payer);
        var settings = options.Value;
        var links = new CardLinks(settings.PolicyUrl, AbsoluteUrl(baseUrl, settings.SmartLaunchUrl));
        var (body, assertions) = HookResponse.Compose(request, answers, settings.InsurerName, links);
        // Deviations read past (paths, keys and codes only, no values) go to the audit record.
        return new HookOutcome(StatusCodes.Status200OK, body, [], assertions, CrdDataUse.From(loaded), [.. request.Notes, .. loaded.Notes]);
    }

    private static string AbsoluteUrl(string baseUrl, string url) =>
        // "/x" parses as an absolute file: URI on Unix, so check the scheme.
        Uri.TryCreate(url, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https" ? url : baseUrl + url;
}
