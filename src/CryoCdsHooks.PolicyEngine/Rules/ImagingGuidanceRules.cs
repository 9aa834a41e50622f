using CryoCdsHooks.PolicyEngine.Terminology;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Rules;

/// <summary>
/// 76940/77013/77022 (I-14): guidance follows the ablation it belongs to; alone it cannot be placed, since guidance
/// is also used for RFA, microwave and liver ablation. With several ablations in the basket, the one the guidance
/// names (<see cref="TiedAblations"/>) decides; when nothing ties it to one and their answers differ, it is
/// conditional.
/// </summary>
internal static class ImagingGuidanceRules
{
    public static RuleVerdict Evaluate(EvaluationContext context, IReadOnlyList<CoverageDetermination> pairedAblations)
    {
        var verdict = new VerdictBuilder(context.Terms.Alternatives, null);
        if (pairedAblations.Count == 0)
        {
            verdict.Criterion(PolicyCriteria.PairedAblation, null, []);
            return verdict.NeedsInformation(
                [MissingInformationCodes.AblationProcedure],
                "Imaging guidance alone: the ablation it guides must be ordered or named."
            );
        }

        var evidence = pairedAblations
            .Select(d => new Evidence($"ServiceRequest/{d.Order.Id}", $"CPT {d.CptCode}: {d.Outcome}", null))
            .ToList();
        if (pairedAblations.Select(d => d.Outcome).Distinct().Skip(1).Any())
        {
            verdict.Criterion(PolicyCriteria.PairedAblation, null, evidence);
            return verdict.NeedsInformation(
                [MissingInformationCodes.AblationProcedure],
                "Several ablations with different answers are ordered: name the one this guidance is for "
                    + "(reasonReference or bodySite)."
            );
        }

        var governing = pairedAblations[0];
        verdict.Criterion(PolicyCriteria.PairedAblation, true, evidence);
        foreach (var criterion in governing.Criteria)
            verdict.Criterion(criterion);
        verdict.Notes(governing.Notes);
        foreach (
            var ablation in pairedAblations.Where(d =>
                context.Terms[ValueSetIds.CptGuidanceIncluded].Contains(CodeSystems.Cpt, d.CptCode)
            )
        )
            verdict.Note(
                $"CPT {ablation.CptCode} already includes imaging guidance; a separate {context.CptCode} is a "
                    + "bundling conflict."
            );

        return verdict.Inherit(
            governing,
            Shorten($"Follows CPT {governing.CptCode} ordered with it: {governing.Reason}")
        );
    }

    /// <summary>
    /// The ablations a guidance order belongs to: those its <c>reasonReference</c> names; else those with the same
    /// reason (a reasonReference to the same Condition, a shared reasonCode) or the same <c>bodySite</c>; else all.
    /// <paramref name="references"/> must know the draft orders.
    /// </summary>
    public static IReadOnlyList<CoverageDetermination> TiedAblations(
        ServiceRequest guidance,
        IReadOnlyList<CoverageDetermination> ablations,
        ResourceReferences references
    )
    {
        var named = ablations
            .Where(d => guidance.ReasonReference.Any(r => references.PointsTo(r, guidance, d.Order)))
            .ToList();
        if (named.Count > 0)
            return named;

        var alike = ablations
            .Where(d =>
                guidance.ReasonReference.Any(g =>
                    d.Order.ReasonReference.Any(a => SameTarget(g, guidance, a, d.Order, references))
                )
                || SharesCoding(guidance.ReasonCode, d.Order.ReasonCode)
                || SharesCoding(guidance.BodySite, d.Order.BodySite)
            )
            .ToList();
        return alike.Count > 0 ? alike : ablations;
    }

    private static bool SameTarget(
        ResourceReference a,
        ServiceRequest aHolder,
        ResourceReference b,
        ServiceRequest bHolder,
        ResourceReferences references
    ) =>
        references.Resolve(a.Reference, aHolder) is { } resolved
            ? references.PointsTo(b, bHolder, resolved)
            : ResourceReferences.Literal(a.Reference) is { } literal
                && literal == ResourceReferences.Literal(b.Reference);

    private static bool SharesCoding(IEnumerable<CodeableConcept> first, IEnumerable<CodeableConcept> second)
    {
        var codings = second.SelectMany(c => c.Coding).Where(c => c.Code is not null).ToList();
        return first
            .SelectMany(c => c.Coding)
            .Any(x =>
                x.Code is not null
                && codings.Any(y =>
                    y.Code == x.Code && CodeSystemIdentity.Canonical(x.System) == CodeSystemIdentity.Canonical(y.System)
                )
            );
    }

    private static string Shorten(string reason) => reason.Length < 140 ? reason : reason[..136] + "...";
}
