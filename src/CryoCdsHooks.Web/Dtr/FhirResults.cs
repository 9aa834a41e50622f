using CryoCdsHooks.Web.Hosting;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace CryoCdsHooks.Web.Dtr;

/// <summary>FHIR resources as <c>application/fhir+json</c> responses.</summary>
public static class FhirResults
{
    private static readonly FhirJsonSerializer Serializer = new();

    public static IResult Ok(Resource resource) =>
        Results.Content(Serializer.SerializeToString(resource), OperationOutcomes.FhirJson);
}
