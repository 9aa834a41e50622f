using CryoCdsHooks.FhirAccess;
using CryoCdsHooks.Web.Hosting;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.Web.Dtr;

/// <summary>FHIR resources as <c>application/fhir+json</c> responses.</summary>
public static class FhirResults
{
    public static IResult Ok(Resource resource) =>
        Results.Content(FhirJson.Serialize(resource), OperationOutcomes.FhirJson);
}
