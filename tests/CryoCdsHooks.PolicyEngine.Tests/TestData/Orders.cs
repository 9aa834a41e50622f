using CryoCdsHooks.PolicyEngine.Terminology;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Tests.TestData;

internal static class Orders
{
    public const string RightKidney = "9846003";
    public const string LeftKidney = "18639004";

    public static ServiceRequest For(
        string cpt,
        string? bodySite = null,
        string? reasonConditionId = null,
        bool withAuthoredOn = true
    )
    {
        var order = new ServiceRequest
        {
            Id = $"sr-{cpt}",
            Status = RequestStatus.Draft,
            Intent = RequestIntent.Order,
            Code = new CodeableConcept(CodeSystems.Cpt, cpt),
            Subject = new ResourceReference("Patient/pat-1"),
            AuthoredOn = withAuthoredOn ? RecordBuilder.OrderDate.ToString("yyyy-MM-dd") : null,
        };
        if (bodySite is not null)
            order.BodySite.Add(new CodeableConcept(CodeSystems.Snomed, bodySite));
        if (reasonConditionId is not null)
            order.ReasonReference.Add(new ResourceReference($"Condition/{reasonConditionId}"));
        return order;
    }
}
