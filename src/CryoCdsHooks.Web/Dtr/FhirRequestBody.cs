using System.Text.Json;
using CryoCdsHooks.FhirAccess;
using CryoCdsHooks.Web.Hosting;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.Web.Dtr;

/// <summary>
/// Reads a FHIR resource from a request body: the shared JSON checks, then the FHIR parser (400 on failure).
/// </summary>
public sealed class FhirRequestBody(JsonRequestBody json)
{
    public async Task<(Resource? Resource, IResult? Error)> ReadAsync(HttpContext http, CancellationToken ct)
    {
        var (document, error) = await json.ReadAsync(http, ct);
        if (error is not null)
            return (null, error);
        using (document)
        {
            var bytes = JsonSerializer.SerializeToUtf8Bytes(document!.RootElement);
            if (FhirJson.TryParse(bytes, out var resource, out var problem))
                return (resource, null);
            return (null, Invalid(http, $"The body is not a FHIR R4 resource: {problem}."));
        }
    }

    public static IResult Invalid(HttpContext http, string message, string expression = "") =>
        OperationOutcomes.Error(
            http,
            StatusCodes.Status400BadRequest,
            "Invalid request",
            "invalid",
            message,
            expression
        );

    public static IResult NotFound(HttpContext http, string title, string message) =>
        OperationOutcomes.Error(http, StatusCodes.Status404NotFound, title, "not-found", message);
}
