using System.Text;
using CryoCdsHooks.FhirAccess;
using CryoCdsHooks.PolicyEngine;
using CryoCdsHooks.Web.Persistence;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;

namespace CryoCdsHooks.Web.Dtr;

/// <summary>
/// Reads the evaluations the hooks stored, for the client asking only: another client's coverage-assertion-id or
/// order does not exist for it (the rule of GET /coverage-assertions/{id}).
/// </summary>
public sealed class StoredEvaluations(AuditDbContext db)
{
    /// <summary>
    /// The evaluation a coverage-assertion-id names, without its decision basis: a package for a <c>context</c> needs
    /// only the form and the open questions, so the basis (up to a whole record) is neither read nor parsed.
    /// </summary>
    public async Task<StoredEvaluation?> ByAssertionIdAsync(string clientId, string assertionId, CancellationToken ct)
    {
        var row = await db
            .CoverageAssertions.AsNoTracking()
            .Where(a => a.AssertionId == assertionId && a.ClientId == clientId)
            .Select(a => new
            {
                a.AssertionId,
                a.OrderReference,
                a.PatientId,
                a.QuestionnaireId,
                a.MissingCodes,
            })
            .SingleOrDefaultAsync(ct);
        return row is null
            ? null
            : new(
                row.AssertionId,
                row.OrderReference,
                row.PatientId,
                row.QuestionnaireId,
                Codes(row.MissingCodes),
                null
            );
    }

    /// <summary>
    /// The latest evaluation of one of these orders of this patient with this form, for this client; null if none.
    /// Order ids are unique only within a patient's record: another patient's order-1 is another order.
    /// </summary>
    public async Task<StoredEvaluation?> LatestForOrdersAsync(
        string clientId,
        string patientId,
        IReadOnlyList<string> orderReferences,
        string questionnaireId,
        CancellationToken ct
    )
    {
        var row = await db
            .CoverageAssertions.AsNoTracking()
            .Where(a =>
                a.ClientId == clientId
                && a.PatientId == patientId
                && orderReferences.Contains(a.OrderReference)
                && a.QuestionnaireId == questionnaireId
            )
            .OrderByDescending(a => a.CreatedAt)
            .FirstOrDefaultAsync(ct);
        return row is null ? null : From(row);
    }

    private static StoredEvaluation From(CoverageAssertion row) =>
        new(
            row.AssertionId,
            row.OrderReference,
            row.PatientId,
            row.QuestionnaireId,
            Codes(row.MissingCodes),
            BasisOf(row.DecisionBasisJson)
        );

    private static string[] Codes(string missingCodes) =>
        missingCodes.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The stored basis; null when there is none or it no longer parses (then it cannot be judged).</summary>
    private static DecisionBasis? BasisOf(string? json) =>
        json is not null
        && FhirJson.TryParse(Encoding.UTF8.GetBytes(json), out var resource, out _)
        && resource is Parameters parameters
            ? DecisionBasis.FromParameters(parameters)
            : null;
}
