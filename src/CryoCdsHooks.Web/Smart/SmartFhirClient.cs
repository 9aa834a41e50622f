using System.Net;
using System.Net.Http.Headers;
using CryoCdsHooks.FhirAccess;
using CryoCdsHooks.PolicyEngine.Terminology;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace CryoCdsHooks.Web.Smart;

/// <summary>The app's own FHIR calls (besides the record loader): read the order, write attestations.</summary>
internal sealed class SmartFhirClient(
    IHttpClientFactory httpClientFactory,
    SmartServerPolicy serverPolicy,
    TimeProvider time,
    ILogger<SmartFhirClient> logger
)
{
    /// <summary>
    /// The client for the app's FHIR calls (capped at <see cref="SmartOptions.MaxFhirResponseBytes"/>).
    /// </summary>
    public const string HttpClientName = "CryoCdsHooks.Smart.Fhir";
    private const string FhirJsonMediaType = "application/fhir+json";
    private static readonly FhirJsonSerializer Serializer = new();

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
    /// The attestation Observation of docs/data-conventions.md: final, category survey, our CodeSystem's code,
    /// valueBoolean, the patient as subject, now as effectiveDateTime, the user as performer when known.
    /// </summary>
    public Observation NewAttestation(SmartSession session, AttestationQuestion question, bool value)
    {
        var now = time.GetUtcNow();
        var observation = new Observation
        {
            Status = ObservationStatus.Final,
            Category =
            [
                new CodeableConcept("http://terminology.hl7.org/CodeSystem/observation-category", "survey", "Survey"),
            ],
            Code = new CodeableConcept(CodeSystems.Attestation, question.Code, question.Display, question.Display),
            Subject = new ResourceReference($"Patient/{session.PatientId}"),
            Effective = new FhirDateTime(now),
            IssuedElement = new Instant(now),
            Value = new FhirBoolean(value),
        };
        if (session.FhirUser is { } user)
            observation.Performer.Add(new ResourceReference(user));
        if (session.OrderReference is { } order)
            observation.BasedOn.Add(new ResourceReference(order));
        if (session.EncounterId is { } encounter)
            observation.Encounter = new ResourceReference($"Encounter/{encounter}");
        return observation;
    }

    /// <summary>
    /// POST <c>{iss}/Observation</c>; throws <see cref="SmartFlowException"/> when the EHR does not accept it.
    /// </summary>
    public async System.Threading.Tasks.Task CreateAsync(
        SmartSession session,
        Observation observation,
        CancellationToken cancellationToken
    )
    {
        using var request = NewRequest(session, HttpMethod.Post, "Observation");
        request.Content = new StringContent(Serializer.SerializeToString(observation), System.Text.Encoding.UTF8);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(FhirJsonMediaType) { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation("Prefer", "return=minimal");
        try
        {
            var client = httpClientFactory.CreateClient(HttpClientName);
            using var response = await client.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                SmartLog.FhirCallFailed(logger, "create Observation", session.Iss.Authority, (int)response.StatusCode);
                throw new SmartFlowException(
                    $"The EHR did not save the attestation (HTTP {(int)response.StatusCode}).",
                    response.StatusCode == HttpStatusCode.Unauthorized
                        ? StatusCodes.Status401Unauthorized
                        : StatusCodes.Status502BadGateway
                );
            }
        }
        catch (Exception ex)
            when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            SmartLog.FhirCallFailed(logger, "create Observation", session.Iss.Authority, null);
            throw new SmartFlowException(
                SmartAuthorizationClient.UnreadableAnswer("answer to the attestation")
                    + " The attestation may not have been saved.",
                StatusCodes.Status502BadGateway
            );
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
