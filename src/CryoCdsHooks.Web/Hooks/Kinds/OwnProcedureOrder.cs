using CryoCdsHooks.PolicyEngine.Terminology;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.Web.Hooks.Kinds;

/// <summary>
/// An order read from a resource that names the procedure itself (an Appointment's serviceType or reasonCode, an
/// Encounter's reasonCode) when it is based on no ServiceRequest of ours: the first concept the policy's procedure
/// codes recognise becomes the order's code, the resource's other reasons its reasons.
/// </summary>
internal static class OwnProcedureOrder
{
    public static DraftOrder? From(
        DomainResource source,
        IEnumerable<CodeableConcept> procedures,
        IEnumerable<CodeableConcept> reasonCodes,
        IEnumerable<ResourceReference> reasonReferences,
        string patientId
    )
    {
        foreach (var concept in procedures)
        {
            var order = new ServiceRequest
            {
                Id = source.Id,
                Status = RequestStatus.Active,
                Intent = RequestIntent.Order,
                Subject = new ResourceReference($"Patient/{patientId}"),
                Code = concept,
                ReasonCode = [.. reasonCodes.Where(r => !ReferenceEquals(r, concept))],
                ReasonReference = [.. reasonReferences],
            };
            if (ProcedureClassification.Classify(order, PolicyTerminology.Instance) is not null)
                return new DraftOrder(order, ContextResource.Of(order).Json, $"{source.TypeName}/{source.Id}");
        }
        return null;
    }
}
