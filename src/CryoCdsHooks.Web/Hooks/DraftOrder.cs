using System.Text.Json;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.Web.Hooks;

/// <param name="Json">The order as it arrived, inside the request document: valid while the call is answered.</param>
public sealed record DraftOrder(ServiceRequest Resource, JsonElement Json)
{
    public string Reference => $"ServiceRequest/{Resource.Id}";
}
