using CryoCdsHooks.PolicyEngine.Facts;
using CryoCdsHooks.PolicyEngine.Terminology;
using Hl7.Fhir.Model;
using Missing = CryoCdsHooks.PolicyEngine.Rules.MissingInformationCodes;

namespace CryoCdsHooks.PolicyEngine.Rules;

/// <summary>
/// Lung cryoablation (32994, historical 0340T), docs/policy-decisions.md with I-1, I-2, I-3, I-4, I-6, I-10.
/// </summary>
internal static class LungCryoablationRules
{
    // NSCLC / SCLC disorders are sites too: Synthea codes lung cancer with them alone, without ICD-10-CM.
    private static readonly string[] PrimaryLungCancer =
    [
        ValueSetIds.LungCancerPrimary,
        ValueSetIds.Nsclc,
        ValueSetIds.Sclc,
    ];
    private static readonly string[] LungSites =
    [
        .. PrimaryLungCancer,
        ValueSetIds.LungMetastasis,
        ValueSetIds.LungOther,
    ];

    public static RuleVerdict Evaluate(EvaluationContext context)
    {
        var verdict = new VerdictBuilder(context.Terms.Alternatives, Indications.LungNsclcInoperable);
        var targets = context.Targets(LungSites);
        if (TumorDiagnosisChecks.UnclearTarget(verdict, targets, "lung") is { } unclear)
            return unclear;

        var current = targets.Conditions.Where(c => c.State == ConditionState.Current).ToList();
        var primary = Primary(context, targets);
        var other = current.Where(c => context.IsIn(c, ValueSetIds.LungOther) && !primary.Contains(c)).ToList();
        var metastases = current.Where(c => context.IsIn(c, ValueSetIds.LungMetastasis)).ToList();
        if (metastases.Count > 0 && primary.Count == 0 && other.Count == 0)
        {
            verdict.Criterion(PolicyCriteria.LungDiagnosis, false, metastases.Select(c => c.ToEvidence()));
            return verdict.Investigational(
                "Cryoablation of lung metastases is investigational under policy 260.",
                Indications.LungMetastasis
            );
        }
        if (primary.Count == 0 && other.Count > 0)
            return OtherThanDefined(verdict, other.Select(c => c.ToEvidence()));
        if (primary.Count == 0)
            return TumorDiagnosisChecks.NoConfirmedDiagnosis(
                context,
                verdict,
                targets,
                PolicyCriteria.LungDiagnosis,
                LungSites,
                "lung"
            );

        verdict.Criterion(PolicyCriteria.LungDiagnosis, true, primary.Select(c => c.ToEvidence()));
        return Decide(context, verdict, targets, primary);
    }

    private static RuleVerdict Decide(
        EvaluationContext context,
        VerdictBuilder verdict,
        TumorTargets targets,
        IReadOnlyList<ClassifiedCondition> primary
    )
    {
        var airway = context.Attestation(AttestationCodes.CentralAirwayObstruction);
        var airwaySupport = context
            .Conditions.Current(ValueSetIds.CentralAirwayObstructionSupporting)
            .Select(c => c.ToEvidence());
        var histology = Histology(context, targets, primary);
        var kind = Kind(context, histology);
        var isSmallCell = kind == ValueSetIds.Sclc;
        var isNonSmallCell = kind == ValueSetIds.Nsclc;
        var staging = context.Staging(targets, primary, StagingSite.Lung);
        // In situ (histology /2, or stage 0 / Tis) and carcinoid are lung tumours "other than defined".
        var isOther =
            !isSmallCell
            && (staging.IsInSitu || (!isNonSmallCell && histology.Any(h => h.IsIn(context, ValueSetIds.LungOther))));
        bool? nonSmallCell =
            isSmallCell || isOther ? false
            : isNonSmallCell ? true
            : null;
        var early = staging.IsEarlyStageLung;
        var candidacy = context.SurgicalCandidacy;
        bool? poorCandidate = candidacy.IsCandidate is { } isCandidate ? !isCandidate : null;

        verdict
            .Criterion(PolicyCriteria.CentralAirwayObstruction, airway.Value, [.. airway.Evidence, .. airwaySupport])
            .Criterion(PolicyCriteria.NsclcHistology, nonSmallCell, histology.SelectMany(h => h.Evidence))
            .Criterion(PolicyCriteria.EarlyStage, early, staging.Evidence)
            .Criterion(PolicyCriteria.PoorSurgicalCandidate, poorCandidate, candidacy.Evidence)
            .Notes(staging.Notes);

        if (airway.Value == true)
            return verdict
                .Note(
                    "Airway palliation is usually bronchoscopic (CPT 31641); 32994 is percutaneous, check the "
                        + "code (I-3)."
                )
                .Covered(
                    "Primary lung cancer with a central airway obstructing lesion that requires palliation.",
                    "Palliation of a central airway obstructing lesion",
                    PolicyCriteria.NsclcHistology,
                    PolicyCriteria.EarlyStage,
                    PolicyCriteria.PoorSurgicalCandidate
                );
        if (isSmallCell)
            return verdict.Investigational(
                "Cryoablation of small cell lung cancer is investigational under policy 260.",
                Indications.LungSclc
            );
        if (isOther)
            return OtherThanDefined(verdict, []);
        if (isNonSmallCell && early == false)
            return verdict.Investigational(
                "Cryoablation of stage III-IV or metastatic lung cancer is investigational.",
                Indications.LungAdvanced
            );
        if (isNonSmallCell && poorCandidate == false)
            return verdict.Investigational(
                "Cryoablation of lung cancer in a surgical candidate is investigational.",
                Indications.LungSurgicalCandidate
            );
        if (isNonSmallCell && early == true && poorCandidate == true)
            return verdict.Covered(
                "Early-stage non-small cell lung cancer in a poor surgical candidate.",
                "Early-stage non-small cell lung cancer in a poor surgical candidate",
                PolicyCriteria.CentralAirwayObstruction
            );

        List<MissingInformation> missing = [];
        if (!isNonSmallCell)
            missing.Add(Missing.Histology);
        if (early is null)
            missing.Add(Missing.Staging);
        if (poorCandidate is null)
            missing.Add(Missing.SurgicalCandidacy);
        if (airway.Value is null && primary.Any(c => context.IsIn(c, ValueSetIds.CentralAirwaySite)))
            missing.Add(Missing.CentralAirwayObstruction);
        return verdict.NeedsInformation(missing);
    }

    /// <summary>
    /// The treated lung tumour's histology as <see cref="Decide"/> reads it: <see cref="ValueSetIds.Sclc"/>, else
    /// <see cref="ValueSetIds.Nsclc"/>, else null (neither is recorded). The DTR prefill's agreement test compares its
    /// <c>histology</c> answer with this.
    /// </summary>
    internal static string? HistologyKind(EvaluationContext context)
    {
        var targets = context.Targets(LungSites);
        return Kind(context, Histology(context, targets, Primary(context, targets)));
    }

    /// <summary>
    /// The treated lung tumour's staging as <see cref="Decide"/> reads it, or null when no primary lung cancer is
    /// targeted. The DTR prefill's agreement test compares its <c>staging</c> answer with this.
    /// </summary>
    internal static StageAssessment? StagingOf(EvaluationContext context)
    {
        var targets = context.Targets(LungSites);
        var primary = Primary(context, targets);
        return primary.Count == 0 ? null : context.Staging(targets, primary, StagingSite.Lung);
    }

    private static List<ClassifiedCondition> Primary(EvaluationContext context, TumorTargets targets) =>
        targets
            .Conditions.Where(c =>
                c.State == ConditionState.Current
                && PrimaryLungCancer.Any(vs => context.Terms[vs].Matches(c.Resource.Code))
            )
            .ToList();

    private static string? Kind(EvaluationContext context, IReadOnlyList<HistologyFinding> histology) =>
        histology.Any(h => h.IsIn(context, ValueSetIds.Sclc)) ? ValueSetIds.Sclc
        : histology.Any(h => h.IsIn(context, ValueSetIds.Nsclc)) ? ValueSetIds.Nsclc
        : null;

    private static RuleVerdict OtherThanDefined(VerdictBuilder verdict, IEnumerable<Evidence> evidence) =>
        verdict
            .Criterion(PolicyCriteria.CoveredIndication, false, evidence)
            .Investigational(
                "The lung tumor is neither NSCLC nor SCLC (in situ, carcinoid or other); its cryoablation is "
                    + "investigational.",
                Indications.LungOther
            );

    /// <summary>What one record says the tumour is: its concepts and the resources saying it.</summary>
    private sealed record HistologyFinding(IReadOnlyList<CodeableConcept?> Concepts, IEnumerable<Evidence> Evidence)
    {
        public bool IsIn(EvaluationContext context, string valueSetId) =>
            Concepts.Any(context.Terms[valueSetId].Matches);
    }

    /// <summary>
    /// The NSCLC / SCLC / other-tumour codings of the treated tumour (code, mCODE histology or the conclusion of a
    /// report it names as evidence); when it has none, histology recorded elsewhere — another current Condition
    /// (SNOMED next to the ICD-10-CM C34 one) or a final report tied to no Condition when the tumour is the only one
    /// at the site — as long as it names only one kind.
    /// </summary>
    private static IReadOnlyList<HistologyFinding> Histology(
        EvaluationContext context,
        TumorTargets targets,
        IReadOnlyList<ClassifiedCondition> primary
    )
    {
        string[] kinds = [ValueSetIds.Nsclc, ValueSetIds.Sclc, ValueSetIds.LungOther];
        // A histology answer documented for this order is a coding of the treated tumour.
        var onTumor = primary
            .Select(c => new HistologyFinding(context.ConceptsOf(c), context.EvidenceOf(c)))
            .Concat(context.Answers.Histology.Select(a => new HistologyFinding([a.Concept], [a.Evidence])))
            .Where(f => kinds.Any(vs => f.IsIn(context, vs)))
            .ToList();
        if (onTumor.Count > 0)
            return onTumor;

        var elsewhere = context
            .Conditions.Current(ValueSetIds.Nsclc, ValueSetIds.Sclc)
            .Select(c => new HistologyFinding(context.ConceptsOf(c), context.EvidenceOf(c)))
            .Concat(
                context.UntiedReportConclusions(targets).Select(r => new HistologyFinding([r.Conclusion], [r.Evidence]))
            )
            .Where(f => f.IsIn(context, ValueSetIds.Nsclc) || f.IsIn(context, ValueSetIds.Sclc))
            .ToList();
        var kindsNamed = elsewhere.Select(f => f.IsIn(context, ValueSetIds.Sclc)).Distinct().Count();
        return kindsNamed == 1 ? elsewhere : [];
    }
}
