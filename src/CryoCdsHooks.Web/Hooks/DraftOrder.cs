using System.Text.Json;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.Web.Hooks;

/// <param name="Json">The order as it arrived, inside the request document: valid while the call is answered.</param>
/// <param name="ReadFrom">
/// For an order read from another resource's procedure code (an Appointment's serviceType, an Encounter's
/// reasonCode), that resource's reference: the order has no ServiceRequest of its own.
/// </param>
public sealed record DraftOrder(ServiceRequest Resource, JsonElement Json, string? ReadFrom = null)
{
    public string Reference => ReadFrom ?? $"ServiceRequest/{Resource.Id}";

    /// <summary>The order as the resource a systemAction may update.</summary>
    public ContextResource AsTarget => new(Resource, Json);
}
