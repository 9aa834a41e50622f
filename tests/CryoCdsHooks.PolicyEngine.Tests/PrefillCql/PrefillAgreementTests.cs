using Xunit.Abstractions;

namespace CryoCdsHooks.PolicyEngine.Tests.PrefillCql;

/// <summary>
/// The prefill CQL against the engine on every fhir-samples patient (<see cref="PrefillRun"/>). Where the CQL
/// answers, it must agree; where it leaves an item empty but the engine found the fact, the case must be one of
/// <see cref="DocumentedGaps"/> (docs/dtr.md), so a new gap, or a closed one, fails the test.
/// </summary>
public class PrefillAgreementTests(ITestOutputHelper output)
{
    private static readonly DateOnly EvaluationDate = new(2026, 11, 20);

    private const string TwoTumours =
        "two kidney tumour Conditions: the engine takes the order's target (TumorTargeting), the CQL one tumour only";
    private const string UuidFocus = "the size's focus is a urn:uuid reference, which the CQL does not resolve";
    private const string Undated = "the size has no date of its own: the engine takes its report's date";
    private const string McodeHistology =
        "the histology is the Condition's mCODE histology-morphology-behavior extension, which the CQL does not read";
    private const string ReportHistology =
        "the histology is a pathology report's conclusionCode, which the CQL does not read";

    private const string Metastasis =
        "a metastasis Condition (active, unconfirmed or refuted) is recorded: the CQL leaves staging to the clinician";
    private const string TwoStaged =
        "two staged tumour Conditions (RCC or primary lung cancer): the engine stages the order's target, the CQL none";
    private const string HistologyElsewhere =
        "a pathology report conclusion or mCODE histology may name another kind of tumour: the CQL does not read them";

    /// <summary>Sample | item → why the CQL leaves it empty while the engine reads it.</summary>
    private static readonly IReadOnlyDictionary<string, string> DocumentedGaps = new Dictionary<string, string>
    {
        ["clinical-vocabulary/01-renal-oid-coded-record|tumor-size"] =
            "the tumour is coded under the ICD-10-CM OID, which the CQL does not recognise",
        ["clinical-vocabulary/07-renal-two-kidneys-modifier-lt|tumor-size"] = TwoTumours,
        ["clinical-vocabulary/11-lung-adenocarcinoma-later-n2|histology"] = McodeHistology,
        ["clinical-vocabulary/14-lung-combined-small-cell|histology"] = McodeHistology,
        ["clinical-vocabulary/17-lung-pathology-report-nsclc|histology"] = ReportHistology,
        ["clinical-vocabulary/19-renal-radiology-report-undated-size|tumor-size"] = Undated,
        ["held-out-practice/01-epic-c34-pathology-report-adenocarcinoma|histology"] = ReportHistology,
        ["held-out-practice/03-epic-ct-report-size-without-own-date|tumor-size"] = Undated,
        ["held-out-practice/05-cerner-condition-evidence-detail-pathology|histology"] = ReportHistology,
        ["held-out-practice/11-synthea-planned-inpatient-admission|tumor-size"] = UuidFocus,
        ["held-out-practice/16-synthea-rcc-refuted-metastasis-after-staging|tumor-size"] = UuidFocus,
        ["held-out-practice/30-synthea-kidney-stage-on-condition|tumor-size"] = UuidFocus,
        ["held-out-practice/31-synthea-kidney-stage-3-on-condition|tumor-size"] = UuidFocus,
        ["held-out-practice/32-epic-two-right-rcc-different-sizes|tumor-size"] = TwoTumours,
        ["held-out-practice/34-synthea-two-left-rcc-n0-and-n1|tumor-size"] = TwoTumours,
        ["held-out-practice/36-hapi-basket-both-kidneys-us-and-mr-guidance|tumor-size"] = TwoTumours,
        ["held-out-practice/46-synthea-nephrectomy-not-done|tumor-size"] = UuidFocus,
        ["held-out-practice/55-synthea-renal-surgical-candidate|tumor-size"] = UuidFocus,
        ["held-out-practice/71-synthea-renal-candidacy-unknown-normal-egfr|tumor-size"] = UuidFocus,
        ["real-world/09-epic-same-tumour-twice|tumor-size"] =
            "one tumour recorded as two Conditions: the engine merges them, the CQL counts two",
        ["real-world/21-synthea-renal-snomed-mcode-staging|tumor-size"] = UuidFocus,
        ["real-world/22-synthea-renal-ckd-stage-3|tumor-size"] = UuidFocus,
        ["real-world/27-hapi-two-tumours-reason-right|tumor-size"] = TwoTumours,
        ["real-world/28-hapi-two-tumours-reason-left|tumor-size"] = TwoTumours,
        ["real-world/29-hapi-two-tumours-order-names-neither|tumor-size"] = TwoTumours,
        ["real-world/35-hapi-two-tumours-same-side-different-sizes|tumor-size"] = TwoTumours,
        ["22-renal-refuted-metastasis-ignored|staging"] = Metastasis,
        ["clinical-vocabulary/01-renal-oid-coded-record|staging"] =
            "the tumour is coded under the ICD-10-CM OID, which the CQL does not recognise",
        ["clinical-vocabulary/06-renal-stage-i-then-node-positive|staging"] =
            "two N category Observations: the engine takes the later day's, the CQL only one",
        ["clinical-vocabulary/07-renal-two-kidneys-modifier-lt|staging"] = TwoStaged,
        ["clinical-vocabulary/17-lung-pathology-report-nsclc|staging"] = HistologyElsewhere,
        ["clinical-vocabulary/18-lung-preliminary-pathology-report|staging"] = HistologyElsewhere,
        ["held-out-practice/01-epic-c34-pathology-report-adenocarcinoma|staging"] = HistologyElsewhere,
        ["held-out-practice/02-cerner-c34-pathology-report-preliminary|staging"] = HistologyElsewhere,
        ["held-out-practice/05-cerner-condition-evidence-detail-pathology|staging"] = HistologyElsewhere,
        ["held-out-practice/13-epic-rcc-provisional-lung-metastasis-after-staging|staging"] = Metastasis,
        ["held-out-practice/14-cerner-nsclc-differential-bone-metastasis|staging"] = Metastasis,
        ["held-out-practice/15-hapi-rcc-suspected-nodal-spread|staging"] = Metastasis,
        ["held-out-practice/16-synthea-rcc-refuted-metastasis-after-staging|staging"] = Metastasis,
        ["held-out-practice/32-epic-two-right-rcc-different-sizes|staging"] = TwoStaged,
        ["held-out-practice/35-epic-basket-kidney-and-lung-with-ct-guidance|staging"] = TwoStaged,
        ["held-out-practice/36-hapi-basket-both-kidneys-us-and-mr-guidance|staging"] = TwoStaged,
        ["held-out-practice/37-cerner-basket-lung-and-kidney-inpatient|staging"] = TwoStaged,
        ["held-out-practice/57-cerner-renal-metastatic-bone|staging"] = Metastasis,
        ["held-out-practice/63-cerner-metastasis-with-unknown-modifier-extension|staging"] = Metastasis,
        ["real-world/09-epic-same-tumour-twice|staging"] = TwoStaged,
        ["real-world/27-hapi-two-tumours-reason-right|staging"] = TwoStaged,
        ["real-world/28-hapi-two-tumours-reason-left|staging"] = TwoStaged,
        ["real-world/29-hapi-two-tumours-order-names-neither|staging"] = TwoStaged,
        ["real-world/32-cerner-provisional-lung-metastasis-after-staging|staging"] = Metastasis,
        ["real-world/33-cerner-unconfirmed-metastasis-before-staging|staging"] = Metastasis,
        ["real-world/35-hapi-two-tumours-same-side-different-sizes|staging"] = TwoStaged,
    };

    [CqlRunnerFact]
    public void Prefilled_answers_agree_with_the_engines_facts_for_every_sample_patient()
    {
        var engine = new Policy260Engine();
        var cases = SamplePatient
            .Names()
            .Select(SamplePatient.Read)
            .Select(p => new PrefillCase(
                p.Name,
                p.Record,
                // The order the engine answers (the form is for it); an out-of-scope sample: its first order.
                engine.Evaluate(p.Orders, p.Orders, p.Record, EvaluationDate).Select(d => d.Order).FirstOrDefault()
                    ?? p.Orders[0],
                EvaluationDate
            ))
            .ToList();

        var outcomes = PrefillRun.Compare(cases);

        Report(cases.Count, outcomes);
        Assert.Empty(outcomes.Where(o => o.Kind == PrefillAgreement.Disagree).Select(o => o.ToString()));
        Assert.Equal(
            DocumentedGaps.Keys.Order(),
            outcomes.Where(o => o.Kind == PrefillAgreement.Gap).Select(o => $"{o.Key}|{o.Item}").Order()
        );
        Assert.All(PrefillLibrarySource.Answers.Keys, item =>
            Assert.Contains(outcomes, o => o.Item == item && o.Kind == PrefillAgreement.Agree)
        );
    }

    private void Report(int patients, IReadOnlyList<PrefillOutcome> outcomes)
    {
        output.WriteLine($"{patients} patients");
        foreach (var item in outcomes.GroupBy(o => o.Item))
            output.WriteLine(
                $"{item.Key}: " + string.Join(", ", item.GroupBy(o => o.Kind).Select(k => $"{k.Key} {k.Count()}"))
            );
        foreach (var outcome in outcomes.Where(o => o.Kind is PrefillAgreement.Gap or PrefillAgreement.Disagree))
            output.WriteLine(outcome.ToString());
    }
}
