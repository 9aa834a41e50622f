using CryoCdsHooks.FhirAccess;
using CryoCdsHooks.PolicyEngine;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Antiforgery;

namespace CryoCdsHooks.Web.Smart;

/// <summary>Everything the app page shows for one order.</summary>
internal sealed record SmartAppView(
    SmartSession Session,
    ServiceRequest Order,
    Patient? Patient,
    CoverageDetermination? Determination,
    IReadOnlyList<AttestationQuestion> Questions,
    IReadOnlyList<DataProblem> Problems,
    string InsurerName,
    string PolicyUrl,
    AntiforgeryTokenSet Antiforgery,
    string? Notice
);
