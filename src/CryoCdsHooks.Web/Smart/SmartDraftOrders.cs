using CryoCdsHooks.FhirAccess;
using CryoCdsHooks.Web.Hooks.Wire;
using CryoCdsHooks.Web.Persistence;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;

namespace CryoCdsHooks.Web.Smart;

/// <summary>
/// At order-select the draft order is usually not on the EHR's FHIR server yet. The card's appContext names the
/// coverage assertion; the audit database holds it and the hook call that created it, whose <c>draftOrders</c>
/// carry the order as the EHR sent it. It is used only when it belongs to this launch: the call of the CDS client
/// the assertion was made for (hookInstances are unique per client only, so another client may have sent the same
/// one), the same FHIR server, the same patient, the same order.
/// </summary>
internal static class SmartDraftOrders
{
    public static async Task<ServiceRequest?> FindAsync(AuditDbContext db, SmartSession session, CancellationToken ct)
    {
        // An answer read from an Appointment's or Encounter's own procedure code has no ServiceRequest to find.
        if (
            session.CoverageAssertionId is not { } assertionId
            || session.OrderReference is not { } orderReference
            || !orderReference.StartsWith("ServiceRequest/", StringComparison.Ordinal)
        )
            return null;
        var assertion = await db
            .CoverageAssertions.AsNoTracking()
            .SingleOrDefaultAsync(a => a.AssertionId == assertionId, ct);
        if (assertion is null || assertion.OrderReference != orderReference || assertion.HookInstance.Length == 0)
            return null;
        var requestJson = await AnsweredCall(db, assertion.ClientId, assertion.HookInstance)
            .Select(i => i.RequestJson)
            .FirstOrDefaultAsync(ct);
        return requestJson is null
            ? null
            : DraftOrder(requestJson, session, orderReference["ServiceRequest/".Length..]);
    }

    /// <summary>
    /// The answered call of this client with this hookInstance: at most one row, found through the unique
    /// (ClientId, HookInstance) index of answered calls rather than a scan.
    /// </summary>
    internal static IQueryable<HookInvocation> AnsweredCall(AuditDbContext db, string clientId, string hookInstance) =>
        db
            .HookInvocations.AsNoTracking()
            .Where(i =>
                i.ClientId == clientId && i.HookInstance == hookInstance && i.StatusCode == StatusCodes.Status200OK
            );

    private static ServiceRequest? DraftOrder(string requestJson, SmartSession session, string orderId)
    {
        if (
            CdsHookRequest.TryRead(requestJson)
                is not { FhirServer: { } fhirServer, Context.DraftOrders: { } draftOrders }
            || !SameServer(fhirServer, session.Iss)
            || !FhirJson.TryParse(System.Text.Encoding.UTF8.GetBytes(draftOrders.GetRawText()), out var resource, out _)
            || resource is not Bundle bundle
        )
        {
            return null;
        }
        return bundle
            .Entry.Select(e => e.Resource)
            .OfType<ServiceRequest>()
            .FirstOrDefault(o => o.Id == orderId && o.Subject?.Reference == $"Patient/{session.PatientId}");
    }

    private static bool SameServer(string fhirServer, Uri iss) =>
        string.Equals(fhirServer.TrimEnd('/'), iss.AbsoluteUri.TrimEnd('/'), StringComparison.Ordinal);
}
