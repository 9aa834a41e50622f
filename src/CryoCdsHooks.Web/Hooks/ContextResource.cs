using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace CryoCdsHooks.Web.Hooks;

/// <summary>
/// A resource of the hook's context (a draft order, a booked Appointment, a fulfilment Task) with the JSON it
/// arrived as, inside the request document: a systemAction echoes that JSON unchanged (CRD resp-37).
/// </summary>
public sealed record ContextResource(Resource Resource, JsonElement Json)
{
    public string Reference => $"{Resource.TypeName}/{Resource.Id}";

    /// <summary>A resource read from prefetch or the record: its JSON is the parsed resource written back.</summary>
    public static ContextResource Of(Resource resource) =>
        new(resource, JsonDocument.Parse(resource.ToJson()).RootElement);
}
