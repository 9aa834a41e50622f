using System.Text.Json;
using System.Text.Json.Serialization;

namespace CryoCdsHooks.Web.Hooks.Wire;

/// <summary>The access token a client grants for its FHIR server (CDS Hooks §Passing the Access Token).</summary>
public sealed record CdsFhirAuthorization(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("scope")] string Scope,
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("patient")] string? Patient = null
);
