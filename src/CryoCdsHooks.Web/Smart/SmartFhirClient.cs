using System.Net;
using System.Net.Http.Headers;
using CryoCdsHooks.FhirAccess;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.Web.Smart;

/// <summary>
/// The app's own FHIR calls (besides the record loader): read the order, write the documentation's
/// QuestionnaireResponse.
/// </summary>
internal sealed class SmartFhirClient(
    IHttpClientFactory httpClientFactory,
    SmartServerPolicy serverPolicy,
    ILogger<SmartFhirClient> logger
)
{
    /// <summary>
    /// The client for the app's FHIR calls (capped at <see cref="SmartOptions.MaxFhirResponseBytes"/>).
    /// </summary>
    public const string HttpClientName = "CryoCdsHooks.Smart.Fhir";
    private const string FhirJsonMediaType = "application/fhir+json";

    /// <summary>
    /// Reads <c>ServiceRequest/{id}</c>; null with a reason and the HTTP status when it cannot be read
    /// (404: not saved yet; 401: the token is no longer accepted).
    /// </summary>
    public async Task<(ServiceRequest? Order, string? Problem, HttpStatusCode? Status)> ReadOrderAsync(
        SmartSession session,
        string reference,
        CancellationToken cancellationToken
    )
    {
        var parts = reference.Split('/');
        if (parts.Length != 2 || parts[0] != "ServiceRequest" || !IsFhirId(parts[1]))
            return (null, "The launch did not name a ServiceRequest this app can read.", null);

        using var request = NewRequest(session, HttpMethod.Get, $"ServiceRequest/{parts[1]}");
        try
        {
            var client = httpClientFactory.CreateClient(HttpClientName);
            using var response = await client.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                SmartLog.FhirCallFailed(logger, "read ServiceRequest", session.Iss.Authority, (int)response.StatusCode);
                return (
                    null,
                    response.StatusCode switch
                    {
                        HttpStatusCode.NotFound or HttpStatusCode.Gone =>
                            "The order was not found on the EHR's FHIR server (a draft order may not be saved yet).",
                        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
                            "The EHR refused access to the order (the SMART session may have expired: launch again "
                                + "from the card).",
                        _ => $"The EHR's FHIR server answered HTTP {(int)response.StatusCode} for the order.",
                    },
                    response.StatusCode
                );
            }
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            return FhirJson.TryParse(body, out var resource, out _) && resource is ServiceRequest order
                ? (order, null, response.StatusCode)
                : (
                    null,
                    "The EHR's FHIR server returned something other than a ServiceRequest for the order.",
                    response.StatusCode
                );
        }
        catch (Exception ex)
            when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            SmartLog.FhirCallFailed(logger, "read ServiceRequest", session.Iss.Authority, null);
            return (null, SmartAuthorizationClient.UnreadableAnswer("answer for the order"), null);
        }
    }

    /// <summary>
    /// POST <c>{iss}/QuestionnaireResponse</c> (only to the launch's own, allowed FHIR server, with the launch token);
    /// the new resource's reference from <c>Location</c> ("" when the EHR gave none). Throws
    /// <see cref="SmartFlowException"/> with a sentence for the clinician when the EHR does not accept it.
    /// </summary>
    public async Task<string> CreateAsync(
        SmartSession session,
        QuestionnaireResponse response,
        CancellationToken cancellationToken
    )
    {
        using var request = NewRequest(session, HttpMethod.Post, "QuestionnaireResponse");
        request.Content = new StringContent(FhirJson.Serialize(response), System.Text.Encoding.UTF8);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(FhirJsonMediaType) { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation("Prefer", "return=minimal");
        HttpResponseMessage answer;
        try
        {
            answer = await httpClientFactory.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        }
        catch (Exception ex)
            when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            SmartLog.FhirCallFailed(logger, "create QuestionnaireResponse", session.Iss.Authority, null);
            throw new SmartFlowException(
                "The EHR's FHIR server did not answer in time or could not be reached; it may or may not have "
                    + "saved them.",
                StatusCodes.Status504GatewayTimeout
            );
        }
        using (answer)
        {
            if (!answer.IsSuccessStatusCode)
            {
                var status = (int)answer.StatusCode;
                SmartLog.FhirCallFailed(logger, "create QuestionnaireResponse", session.Iss.Authority, status);
                throw new SmartFlowException(
                    $"The EHR refused them (HTTP {status}{await ReasonAsync(answer, cancellationToken)}).",
                    answer.StatusCode == HttpStatusCode.Unauthorized
                        ? StatusCodes.Status401Unauthorized
                        : StatusCodes.Status502BadGateway
                );
            }
            return CreatedReference(answer.Headers.Location);
        }
    }

    /// <summary>"QuestionnaireResponse/{id}" from a Location such as <c>{iss}/QuestionnaireResponse/7/_history/1</c>.
    /// </summary>
    private static string CreatedReference(Uri? location)
    {
        var parts = location?.OriginalString.Split('/') ?? [];
        var at = Array.LastIndexOf(parts, "QuestionnaireResponse");
        return at >= 0 && at + 1 < parts.Length && IsFhirId(parts[at + 1])
            ? $"QuestionnaireResponse/{parts[at + 1]}"
            : "";
    }

    /// <summary>The EHR's own words from an OperationOutcome, short and plain; empty when there are none.</summary>
    private static async Task<string> ReasonAsync(HttpResponseMessage answer, CancellationToken cancellationToken)
    {
        try
        {
            var body = await answer.Content.ReadAsByteArrayAsync(cancellationToken);
            if (!FhirJson.TryParse(body, out var resource, out _) || resource is not OperationOutcome outcome)
                return "";
            var text = outcome
                .Issue.Select(i => i.Details?.Text ?? i.Diagnostics)
                .FirstOrDefault(t => t is { Length: > 0 });
            return text is null ? "" : ": " + (text.Length > 200 ? text[..200] + "…" : text);
        }
        catch (HttpRequestException)
        {
            return "";
        }
    }

    private HttpRequestMessage NewRequest(SmartSession session, HttpMethod method, string relative)
    {
        // Defence in depth: the session's iss passed the allowlist at launch; check again before sending the token.
        if (!serverPolicy.IsAllowedFhirServer(session.Iss))
            throw new SmartFlowException("The EHR's FHIR server is not allowed.", StatusCodes.Status400BadRequest);
        var request = new HttpRequestMessage(method, new Uri(FhirServerAllowlist.AsBase(session.Iss), relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session.AccessToken);
        request.Headers.Accept.ParseAdd(FhirJsonMediaType);
        return request;
    }

    private static bool IsFhirId(string id) =>
        id.Length is > 0 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.');
}
