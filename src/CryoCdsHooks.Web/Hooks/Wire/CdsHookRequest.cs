using System.Text.Json;
using System.Text.Json.Serialization;

namespace CryoCdsHooks.Web.Hooks.Wire;

/// <summary>
/// A CDS Hooks 2.0 request (order-select, order-sign, appointment-book, order-dispatch, encounter-start), as a client
/// sends it and as the audit stores it (without
/// <see cref="FhirAuthorization"/>). Live calls are validated field by field by <c>HookRequestReader</c>, which
/// reports every wrong member; this type is the shape the OpenAPI document publishes and the one reading of stored
/// requests (audit, CRD metrics, the SMART app's draft orders).
/// </summary>
public sealed record CdsHookRequest
{
    public required string Hook { get; init; }

    /// <summary>A UUID naming this call; a retry repeats it.</summary>
    public required string HookInstance { get; init; }
    public string? FhirServer { get; init; }
    public CdsFhirAuthorization? FhirAuthorization { get; init; }
    public required CdsHookContext Context { get; init; }

    /// <summary>
    /// Prefetch key → FHIR resource (usually a search Bundle), or null when the client could not fetch it.
    /// </summary>
    public IReadOnlyDictionary<string, JsonElement?>? Prefetch { get; init; }

    /// <summary>A stored request read back; null when the text is not one (a refused request's summary, say).</summary>
    public static CdsHookRequest? TryRead(string? json) =>
        CdsHooksJsonContext.TryRead(json, CdsHooksJsonContext.Default.CdsHookRequest);

    /// <summary>The request's hookInstance when it is a UUID (normalised), read without reading the rest.</summary>
    public static string? HookInstanceOf(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
            return null;
        try
        {
            return
                root.Deserialize(CdsHooksJsonContext.Default.CdsHookInstance)?.HookInstance is { } text
                && Guid.TryParse(text, out var id)
                ? id.ToString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>
/// A hook's context: who, for which patient and encounter, and what the hook is about: the draft orders (a FHIR
/// Bundle), the booked Appointments (a Bundle), or the dispatched orders with their performer and Tasks.
/// </summary>
public sealed record CdsHookContext
{
    public string? UserId { get; init; }
    public required string PatientId { get; init; }
    public string? EncounterId { get; init; }

    /// <summary>order-select: the "Type/id" of each selected draft order.</summary>
    public IReadOnlyList<string>? Selections { get; init; }
    public JsonElement? DraftOrders { get; init; }

    /// <summary>appointment-book: the booked Appointments (a FHIR Bundle).</summary>
    public JsonElement? Appointments { get; init; }

    /// <summary>order-dispatch: the "Type/id" of each dispatched order.</summary>
    public IReadOnlyList<string>? DispatchedOrders { get; init; }

    /// <summary>order-dispatch: who the orders are dispatched to ("Type/id").</summary>
    public string? Performer { get; init; }

    /// <summary>order-dispatch: the Tasks that fulfil the dispatched orders.</summary>
    public JsonElement? FulfillmentTasks { get; init; }
}

/// <summary>The access token a client grants for its FHIR server (CDS Hooks §Passing the Access Token).</summary>
public sealed record CdsFhirAuthorization(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("scope")] string Scope,
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("patient")] string? Patient = null
);

/// <summary>
/// Only the hookInstance of a request: what the hookInstance rule needs before the request is validated.
/// </summary>
internal sealed record CdsHookInstance(string? HookInstance);
