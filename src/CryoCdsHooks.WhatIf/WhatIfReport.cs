using System.Text;
using System.Text.Json;
using CryoCdsHooks.PolicyEngine;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.WhatIf;

/// <summary>The determination for policy staff (text) or for test tooling (JSON).</summary>
public static class WhatIfReport
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
    };

    public static string Text(string cpt, DateOnly date, ServiceRequest order, CoverageDetermination? d)
    {
        var text = new StringBuilder();
        if (d is null)
            return $"CPT {cpt} on {date:yyyy-MM-dd}: not in the scope of Medical Policy 260 (no determination).\n";

        text.AppendLine($"CPT {cpt} ({d.Procedure}) on {date:yyyy-MM-dd}, order ServiceRequest/{order.Id}");
        text.AppendLine($"Policy:        {d.Policy.Label}");
        text.AppendLine($"Determination: {Outcome(d.Outcome)}");
        text.AppendLine(
            $"Prior auth:    {PriorAuthorization(d.PriorAuthorization)} (setting: "
                + $"{d.Setting.ToString().ToLowerInvariant()})"
        );
        text.AppendLine($"Reason:        {d.Reason}");
        if (d.Criteria.Count > 0)
            text.AppendLine().AppendLine("Criteria:");
        foreach (var c in d.Criteria)
        {
            text.AppendLine($"  [{Status(c.Status)}] {c.Description}");
            text.AppendLine($"      policy: {c.PolicyClause}");
            if (c.Evidence.Count == 0)
                text.AppendLine("      evidence: none found");
            foreach (var e in c.Evidence)
                text.AppendLine(
                    $"      evidence: {e.Summary} "
                        + $"({e.ResourceReference}{(e.Date is { } when ? $", {when:yyyy-MM-dd}" : "")})"
                );
        }
        text.AppendLine().AppendLine(d.Missing.Count == 0 ? "Missing: nothing" : "Missing:");
        foreach (var m in d.Missing)
            text.AppendLine($"  - {m.Code}: {m.Description}");
        foreach (var a in d.Alternatives)
            text.AppendLine($"Alternative: {a.Display} (CPT {a.CptCode}): {a.Rationale}");
        foreach (var n in d.Notes)
            text.AppendLine($"Note: {n}");
        return text.ToString();
    }

    public static string Json(string cpt, DateOnly date, ServiceRequest order, CoverageDetermination? d) =>
        JsonSerializer.Serialize(
            d is null
                ? new
                {
                    cpt,
                    date,
                    inScope = false,
                }
                : (object)
                    new
                    {
                        cpt,
                        date,
                        inScope = true,
                        order = $"ServiceRequest/{order.Id}",
                        policy = new
                        {
                            number = d.Policy.PolicyNumber,
                            version = d.Policy.Version,
                            lastReviewed = d.Policy.LastReviewed,
                            effectiveFrom = d.Policy.EffectiveFrom,
                            effectiveUntil = d.Policy.EffectiveUntil,
                        },
                        procedure = d.Procedure.ToString(),
                        determination = Outcome(d.Outcome),
                        priorAuthorization = PriorAuthorization(d.PriorAuthorization),
                        setting = d.Setting.ToString().ToLowerInvariant(),
                        reason = d.Reason,
                        criteria = d.Criteria.Select(c => new
                        {
                            id = c.Id,
                            description = c.Description,
                            status = Status(c.Status),
                            policyClause = c.PolicyClause,
                            evidence = c.Evidence.Select(e => new
                            {
                                reference = e.ResourceReference,
                                summary = e.Summary,
                                date = e.Date,
                            }),
                        }),
                        missing = d.Missing.Select(m => new { code = m.Code, description = m.Description }),
                        alternatives = d.Alternatives.Select(a => new
                        {
                            cpt = a.CptCode,
                            display = a.Display,
                            rationale = a.Rationale,
                        }),
                        notes = d.Notes,
                    },
            JsonOptions
        ) + "\n";

    /// <summary>The CRD coverage-information code the service would send for a policy determination.</summary>
    private static string Outcome(DeterminationOutcome outcome) =>
        outcome switch
        {
            DeterminationOutcome.Covered => "covered",
            DeterminationOutcome.NeedsInformation => "conditional (needs information)",
            DeterminationOutcome.Investigational => "not-covered (investigational)",
            _ => "not-covered (criteria not met)",
        };

    private static string PriorAuthorization(PriorAuthorization pa) =>
        pa switch
        {
            PolicyEngine.PriorAuthorization.Required => "required",
            PolicyEngine.PriorAuthorization.NotRequired => "not required",
            PolicyEngine.PriorAuthorization.Conditional => "required only if inpatient",
            _ => "not applicable",
        };

    private static string Status(CriterionStatus status) =>
        status switch
        {
            CriterionStatus.Met => "met",
            CriterionStatus.NotMet => "not met",
            _ => "unknown",
        };
}
