using Hl7.Fhir.Model;

namespace CryoCdsHooks.Web.Dtr;

/// <summary>
/// <c>ValueSet/$expand?url=...</c> (GET, or POST with Parameters <c>url</c>) for the service's ValueSets.
/// </summary>
public static class ValueSetExpandOperation
{
    public static IResult Get(HttpContext http, AnswerValueSetExpander expander) =>
        Expand(http, expander, http.Request.Query["url"].ToString());

    public static async Task<IResult> PostAsync(
        HttpContext http,
        FhirRequestBody body,
        AnswerValueSetExpander expander,
        CancellationToken ct
    )
    {
        var (resource, error) = await body.ReadAsync(http, ct);
        if (error is not null)
            return error;
        if (resource is not Parameters input)
            return FhirRequestBody.Invalid(http, "The body must be a Parameters resource.", "resourceType");
        var url = input.Parameter.FirstOrDefault(p => p.Name == "url")?.Value switch
        {
            null => "",
            FhirUri uri => uri.Value,
            Canonical canonical => canonical.Value,
            FhirUrl absolute => absolute.Value,
            FhirString text => text.Value,
            // A number or a boolean names no ValueSet: a client mistake, not an unknown ValueSet.
            _ => null,
        };
        if (url is null)
            return FhirRequestBody.Invalid(http, "url is a uri (valueUri).", "url");
        return Expand(http, expander, url);
    }

    private static IResult Expand(HttpContext http, AnswerValueSetExpander expander, string url)
    {
        if (url.Length == 0)
            return FhirRequestBody.Invalid(http, "Name the ValueSet to expand: url.", "url");
        var bar = url.IndexOf('|');
        return expander.Expand(bar >= 0 ? url[..bar] : url) is { } expanded
            ? FhirResults.Ok(expanded)
            : FhirRequestBody.NotFound(http, "Unknown ValueSet", $"This service has no ValueSet '{url}'.");
    }
}
