using CryoCdsHooks.PolicyEngine.Terminology;
using CryoCdsHooks.PolicyEngine.Tests.TestData;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Tests;

public class ProcedureScopeTests
{
    private static RecordBuilder CoveredKidney() =>
        new RecordBuilder()
            .Condition("C64.1")
            .TumorSize(3m, "cm")
            .NoSpread()
            .Attestation(AttestationCodes.NotSurgicalCandidate, true);

    [Theory]
    [InlineData("0581T", ProcedureClass.BreastCancerCryoablation, "19301")]
    [InlineData("19105", ProcedureClass.FibroadenomaCryoablation, "19120")]
    [InlineData("20983", ProcedureClass.BoneCryoablation, "77402")]
    public void Breast_fibroadenoma_and_bone_codes_are_always_investigational(
        string cpt,
        ProcedureClass procedure,
        string alternative
    )
    {
        // Even with a record that would cover a kidney ablation.
        var result = Engine.Single(CoveredKidney(), cpt);

        Assert.Equal(DeterminationOutcome.Investigational, result.Outcome);
        Assert.Equal(procedure, result.Procedure);
        Assert.Equal(PriorAuthorization.NotApplicable, result.PriorAuthorization);
        Assert.Contains(result.Alternatives, a => a.CptCode == alternative);
    }

    [Fact]
    public void Fibroadenosis_code_is_flagged_as_a_weak_fibroadenoma_match()
    {
        var result = Engine.Single(new RecordBuilder().Condition("N60.21"), "19105");

        Assert.Contains(result.Notes, n => n.Contains("N60.2"));
    }

    [Theory]
    [InlineData("47381")]
    [InlineData("50592")]
    [InlineData("31641")]
    public void Codes_outside_the_policy_get_no_determination(string cpt) =>
        Assert.Empty(Engine.Evaluate(CoveredKidney(), Orders.For(cpt)));

    [Theory]
    [InlineData("76940")]
    [InlineData("77013")]
    [InlineData("77022")]
    public void Guidance_alone_needs_the_ablation_procedure(string cpt)
    {
        var result = Engine.Single(CoveredKidney(), cpt);

        Assert.Equal(ProcedureClass.ImagingGuidance, result.Procedure);
        Assert.Equal(DeterminationOutcome.NeedsInformation, result.Outcome);
        Assert.Equal(["ablation-procedure"], result.MissingCodes());
    }

    [Theory]
    [InlineData("76940")]
    [InlineData("77013")]
    [InlineData("77022")]
    public void Guidance_with_a_covered_kidney_ablation_is_covered(string cpt)
    {
        var results = Engine.Evaluate(CoveredKidney(), Orders.For("50593"), Orders.For(cpt));

        var guidance = Assert.Single(results, r => r.CptCode == cpt);
        Assert.Equal(DeterminationOutcome.Covered, guidance.Outcome);
        Assert.Contains("50593", guidance.Reason);
        Assert.Equal(CriterionStatus.Met, guidance.StatusOf("paired-ablation"));
    }

    [Fact]
    public void Guidance_with_an_ablation_needing_information_needs_the_same_information()
    {
        var results = Engine.Evaluate(new RecordBuilder().Condition("C64.1"), Orders.For("50593"), Orders.For("76940"));

        var guidance = Assert.Single(results, r => r.CptCode == "76940");
        Assert.Equal(DeterminationOutcome.NeedsInformation, guidance.Outcome);
        Assert.Equal(Assert.Single(results, r => r.CptCode == "50593").MissingCodes(), guidance.MissingCodes());
    }

    [Theory]
    [InlineData("32994")]
    [InlineData("50250")]
    public void Guidance_with_an_ablation_that_includes_imaging_warns_about_bundling(string ablation)
    {
        var results = Engine.Evaluate(CoveredKidney(), Orders.For(ablation), Orders.For("76940"));

        Assert.Contains(Assert.Single(results, r => r.CptCode == "76940").Notes, n => n.Contains("bundling"));
    }

    [Fact]
    public void Only_the_orders_to_evaluate_get_determinations()
    {
        var engine = new Policy260Engine();
        var ablation = Orders.For("50593");
        var guidance = Orders.For("76940");

        var results = engine.Evaluate(
            [guidance],
            [ablation, guidance],
            CoveredKidney().Build(),
            RecordBuilder.OrderDate
        );

        Assert.Equal(DeterminationOutcome.Covered, Assert.Single(results).Outcome);
    }

    [Fact]
    public void Every_reason_is_one_short_sentence()
    {
        var records = new[]
        {
            CoveredKidney(),
            new RecordBuilder().Condition("C64.1"),
            new RecordBuilder().Condition("C34.01"),
        };
        var cpts = new[] { "50593", "32994", "0581T", "19105", "20983", "76940" };

        var reasons = records
            .SelectMany(r => Engine.Evaluate(r, cpts.Select(c => Orders.For(c)).ToArray()))
            .Select(d => d.Reason)
            .ToList();

        Assert.Equal(records.Length * cpts.Length, reasons.Count);
        Assert.All(reasons, reason => Assert.InRange(reason.Length, 10, 139));
    }

    [Fact]
    public void Sparse_resources_are_skipped_rather_than_failing()
    {
        var coded = new RecordBuilder().Condition("C64.1").Build();
        var record = coded with
        {
            Conditions =
            [
                .. coded.Conditions,
                new Condition(),
                new Condition { Code = new CodeableConcept { Text = "metastatic disease" } },
            ],
            Observations = [new Observation { Status = ObservationStatus.Final }, new Observation()],
            Procedures = [new Procedure()],
        };

        var result = Assert.Single(
            new Policy260Engine().Evaluate(
                [Orders.For("50593")],
                [new ServiceRequest(), Orders.For("50593")],
                record,
                RecordBuilder.OrderDate
            )
        );

        // Text is never matched, so the free-text metastasis does not make the tumour non-localized.
        Assert.Equal(["tumor-size", "staging", "surgical-candidacy", "egfr"], result.MissingCodes());
    }
}
