using CryoCdsHooks.FhirAccess;
using CryoCdsHooks.PolicyEngine;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Antiforgery;

namespace CryoCdsHooks.Web.Smart;

/// <summary>Everything the app page shows for one order.</summary>
/// <param name="Documentation">The open questions of our Questionnaire; null when none is open.</param>
/// <param name="UnsavedAnswers">Answers of a form the EHR did not save, by linkId, to show again.</param>
/// <param name="Alert">A one-time problem to show (the answers were not saved).</param>
internal sealed record SmartAppView(
    SmartSession Session,
    ServiceRequest Order,
    Patient? Patient,
    CoverageDetermination? Determination,
    OpenDocumentation? Documentation,
    IReadOnlyDictionary<string, string[]>? UnsavedAnswers,
    IReadOnlyList<DataProblem> Problems,
    string InsurerName,
    string PolicyUrl,
    AntiforgeryTokenSet Antiforgery,
    string? Notice,
    string? Alert
);
