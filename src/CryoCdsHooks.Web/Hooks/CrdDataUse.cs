using System.Text.Json;
using CryoCdsHooks.FhirAccess;
using CryoCdsHooks.Web.Persistence;

namespace CryoCdsHooks.Web.Hooks;

/// <summary>
/// What the audit cannot tell afterwards about one call (CRDMetricData.tokenUse and .resources): everything
/// else in a metric record is derived from the stored request, response and feedback.
/// </summary>
public sealed record CrdDataUse(string TokenUse, IReadOnlyList<CrdResourceUse> Resources)
{
    public const string Used = "used";

    public DataUseRecord ToRecord() =>
        new(
            TokenUse,
            JsonSerializer.Serialize(Resources, Wire.CdsHooksJsonContext.Default.IReadOnlyListCrdResourceUse)
        );

    public const string NotUsed = "not-used";
    public const string Rejected = "rejected";

    /// <summary>CRDMetricData.resources are the non-focal data: the encounter (like the orders) is focal.</summary>
    private static readonly (string Key, string Type, Func<PolicyEngine.PatientRecord, int> Count)[] NonFocalKeys =
    [
        (PrefetchTemplateCatalog.PatientKey, "Patient", r => r.Patient is null ? 0 : 1),
        (PrefetchTemplateCatalog.CoverageKey, "Coverage", r => r.Coverages.Count),
        (PrefetchTemplateCatalog.ConditionsKey, "Condition", r => r.Conditions.Count),
        (PrefetchTemplateCatalog.ObservationsKey, "Observation", r => r.Observations.Count),
        (PrefetchTemplateCatalog.ProceduresKey, "Procedure", r => r.Procedures.Count),
        (PrefetchTemplateCatalog.DiagnosticReportsKey, "DiagnosticReport", r => r.DiagnosticReports.Count),
        (PrefetchTemplateCatalog.QuestionnaireResponsesKey, "QuestionnaireResponse", r =>
            r.QuestionnaireResponses.Count
        ),
    ];

    public static CrdDataUse From(PatientRecordLoadResult loaded)
    {
        var queried = loaded.QueriedKeys ?? [];
        var tokenUse =
            queried.Count == 0 ? NotUsed
            : loaded.Problems.Any(p => p.Kind == DataProblemKind.Unauthorized) ? Rejected
            : Used;
        var resources = NonFocalKeys
            .Select(k => new CrdResourceUse(k.Type, k.Count(loaded.Record), !queried.Contains(k.Key)))
            .Where(r => r.Count > 0) // positiveInt in the model: types not read are left out
            .ToList();
        return new CrdDataUse(tokenUse, resources);
    }
}
