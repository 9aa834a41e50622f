using CryoCdsHooks.FhirAccess;
using CryoCdsHooks.PolicyEngine;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.Web.Smart;

/// <summary>The launch's order as evaluated now: the record read with the launch token, the engine's answer.</summary>
/// <param name="Draft">The order is the draft the EHR sent with the card (not saved on its FHIR server yet).</param>
/// <param name="Documentation">The questions still open; null when the answer needs no documentation.</param>
internal sealed record ReviewedOrder(
    ServiceRequest Order,
    bool Draft,
    PatientRecordLoadResult Loaded,
    CoverageDetermination? Determination,
    OpenDocumentation? Documentation
);
