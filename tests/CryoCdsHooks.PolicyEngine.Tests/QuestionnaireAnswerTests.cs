using CryoCdsHooks.PolicyEngine.Terminology;
using CryoCdsHooks.PolicyEngine.Tests.TestData;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Tests;

/// <summary>
/// Answers to our DTR Questionnaires are evidence for the order they name (docs/data-conventions.md).
/// </summary>
public class QuestionnaireAnswerTests
{
    private const string Renal = "50593";
    private const string Lung = "32994";
    private const string Nsclc = "254637007";
    private const string Sclc = "254632001";
    private const string RenalOrder = "sr-50593";
    private const string LungOrder = "sr-32994";

    private static RecordBuilder SmallLocalizedRcc() =>
        new RecordBuilder().Condition("C64.1").TumorSize(3.0m, "cm").NoSpread();

    private static RecordBuilder RenalWith(RecordBuilder record, params (string, DataType)[] answers) =>
        record.Response(DtrResponse.For(ProcedureClass.RenalCryoablation, RenalOrder, answers));

    private static (string, DataType) Answer(string linkId, bool value) => (linkId, new FhirBoolean(value));

    [Fact]
    public void Surgical_candidacy_answer_false_covers_a_small_localized_rcc_with_the_response_as_evidence()
    {
        var before = Engine.Single(SmallLocalizedRcc(), Renal); // a new builder each time: builders are mutable
        var after = Engine.Single(RenalWith(SmallLocalizedRcc(), Answer("surgical-candidacy", false)), Renal);

        Assert.Equal(DeterminationOutcome.NeedsInformation, before.Outcome);
        Assert.Equal(DeterminationOutcome.Covered, after.Outcome);
        var criterion = Assert.Single(after.Criteria, c => c.Id == "not-surgical-candidate");
        Assert.Equal("QuestionnaireResponse/qr-1", Assert.Single(criterion.Evidence).ResourceReference);
    }

    [Fact]
    public void Surgical_candidacy_answer_true_with_normal_kidney_function_is_investigational()
    {
        var record = RenalWith(SmallLocalizedRcc().Egfr(75), Answer("surgical-candidacy", true));

        Assert.Equal(DeterminationOutcome.Investigational, Engine.Single(record, Renal).Outcome);
    }

    [Fact]
    public void Single_kidney_and_resection_answers_cover_a_surgical_candidate_by_the_preservation_bullet()
    {
        var record = RenalWith(
            SmallLocalizedRcc(),
            Answer("surgical-candidacy", true),
            Answer("single-kidney", true),
            Answer("resection-worsens-kidney-function", true)
        );

        var result = Engine.Single(record, Renal);

        Assert.Equal(DeterminationOutcome.Covered, result.Outcome);
        Assert.Equal(CriterionStatus.Met, result.StatusOf("single-kidney"));
        Assert.Equal(CriterionStatus.Met, result.StatusOf("resection-worsens-kidney-function"));
    }

    [Fact]
    public void A_later_single_kidney_answer_false_outweighs_an_older_nephrectomy_diagnosis()
    {
        var record = RenalWith(
            SmallLocalizedRcc().Condition("Z90.5").Egfr(75),
            Answer("surgical-candidacy", true),
            Answer("single-kidney", false),
            Answer("resection-worsens-kidney-function", true)
        );

        var result = Engine.Single(record, Renal);

        Assert.Equal(DeterminationOutcome.Investigational, result.Outcome);
        Assert.Equal(CriterionStatus.NotMet, result.StatusOf("single-kidney"));
    }

    [Theory]
    [InlineData(25, "mm", DeterminationOutcome.Covered)]
    [InlineData(5, "cm", DeterminationOutcome.CriteriaNotMet)]
    public void Tumor_size_answer_decides_the_size_criterion(int value, string unit, DeterminationOutcome expected)
    {
        var chart = new RecordBuilder()
            .Condition("C64.1")
            .NoSpread()
            .Attestation(AttestationCodes.NotSurgicalCandidate, true);
        Assert.Equal(DeterminationOutcome.NeedsInformation, Engine.Single(chart, Renal).Outcome);

        var record = RenalWith(chart, ("tumor-size", DtrResponse.Size(value, unit)));

        Assert.Equal(expected, Engine.Single(record, Renal).Outcome);
    }

    [Fact]
    public void Egfr_answer_below_the_threshold_opens_the_preservation_bullet()
    {
        var chart = SmallLocalizedRcc()
            .Attestation(AttestationCodes.SurgicalCandidate, true)
            .Attestation(AttestationCodes.ResectionWorsensKidneyFunction, true);
        Assert.Contains("egfr", Engine.Single(chart, Renal).MissingCodes());

        var record = RenalWith(chart, ("egfr", DtrResponse.Size(42, "mL/min/{1.73_m2}")));
        var result = Engine.Single(record, Renal);
        Assert.Equal(DeterminationOutcome.Covered, result.Outcome);
        Assert.Equal(CriterionStatus.Met, result.StatusOf("renal-insufficiency"));
    }

    [Fact]
    public void Staging_answer_coded_stage_ia_makes_early_nsclc_covered()
    {
        var chart = new RecordBuilder()
            .Condition("C34.11")
            .Condition(Nsclc, CodeSystems.Snomed)
            .Attestation(AttestationCodes.NotSurgicalCandidate, true);
        Assert.Contains("staging", Engine.Single(chart, Lung).MissingCodes());

        var record = chart.Response(
            DtrResponse.For(
                ProcedureClass.LungCryoablation,
                LungOrder,
                ("staging", new Coding(CodeSystems.Snomed, "1222724007", "Stage IA"))
            )
        );

        var result = Engine.Single(record, Lung);
        Assert.Equal(DeterminationOutcome.Covered, result.Outcome);
        Assert.Equal(CriterionStatus.Met, result.StatusOf("early-stage"));
    }

    [Theory]
    [InlineData(Nsclc, DeterminationOutcome.Covered)]
    [InlineData(Sclc, DeterminationOutcome.Investigational)]
    public void Histology_answer_is_a_coding_of_the_treated_tumor(string code, DeterminationOutcome expected)
    {
        var chart = new RecordBuilder()
            .Condition("C34.11")
            .Staging("21908-9", CodeSystems.AjccStaging, "1A")
            .Attestation(AttestationCodes.NotSurgicalCandidate, true);
        Assert.Contains("histology", Engine.Single(chart, Lung).MissingCodes());

        var record = chart.Response(
            DtrResponse.For(
                ProcedureClass.LungCryoablation,
                LungOrder,
                ("histology", new Coding(CodeSystems.Snomed, code))
            )
        );

        Assert.Equal(expected, Engine.Single(record, Lung).Outcome);
    }

    [Fact]
    public void Central_airway_obstruction_answer_true_covers_palliation_of_advanced_nsclc()
    {
        var chart = new RecordBuilder()
            .Condition("C34.11")
            .Condition(Nsclc, CodeSystems.Snomed)
            .Staging("21908-9", CodeSystems.AjccStaging, "3A");
        Assert.Equal(DeterminationOutcome.Investigational, Engine.Single(chart, Lung).Outcome);

        var record = chart.Response(
            DtrResponse.For(ProcedureClass.LungCryoablation, LungOrder, Answer("central-airway-obstruction", true))
        );
        Assert.Equal(DeterminationOutcome.Covered, Engine.Single(record, Lung).Outcome);
    }

    [Theory]
    [InlineData(5, DeterminationOutcome.Covered)] // the answer (order date) is later than the chart's statement
    [InlineData(-5, DeterminationOutcome.Investigational)] // the chart's statement is the later one
    public void The_latest_statement_wins_between_the_chart_and_an_answer(
        int chartDaysBeforeAnswer,
        DeterminationOutcome expected
    )
    {
        var chart = SmallLocalizedRcc()
            .Egfr(75)
            .Attestation(AttestationCodes.SurgicalCandidate, true, daysBefore: 10 + chartDaysBeforeAnswer);
        var record = chart.Response(
            DtrResponse
                .For(ProcedureClass.RenalCryoablation, RenalOrder, Answer("surgical-candidacy", false))
                .With(r => r.Authored = RecordBuilder.DaysBefore(10))
        );

        Assert.Equal(expected, Engine.Single(record, Renal).Outcome);
    }

    [Theory]
    [InlineData("rcc", DeterminationOutcome.Covered)]
    [InlineData("benign", DeterminationOutcome.Investigational)]
    public void Target_tumor_answer_picks_the_treated_tumor(string tumorId, DeterminationOutcome expected)
    {
        var chart = new RecordBuilder()
            .Condition("C64.1", id: "rcc")
            .TumorSize(3m, "cm", focus: "rcc")
            .NoSpread(focus: "rcc")
            .Condition("D30.02", id: "benign")
            .Attestation(AttestationCodes.NotSurgicalCandidate, true);
        Assert.Equal(["target-tumor"], Engine.Single(chart, Renal).MissingCodes());

        var record = RenalWith(chart, ("target-tumor", new ResourceReference($"Condition/{tumorId}")));

        Assert.Equal(expected, Engine.Single(record, Renal).Outcome);
    }

    [Theory]
    [InlineData(Orders.RightKidney, DeterminationOutcome.Covered)]
    [InlineData(Orders.LeftKidney, DeterminationOutcome.NeedsInformation)]
    public void Laterality_answer_stands_for_the_ordered_side(string side, DeterminationOutcome expected)
    {
        var order = Orders.For(Renal);
        order.OrderDetail.Add(new CodeableConcept(CodeSystems.Hcpcs, "50")); // bilateral modifier
        var chart = SmallLocalizedRcc().Attestation(AttestationCodes.NotSurgicalCandidate, true);
        Assert.Contains("laterality", Engine.Single(chart, order).MissingCodes());

        var record = RenalWith(chart, ("laterality", new Coding(CodeSystems.Snomed, side)));

        var result = Engine.Single(record, order);
        Assert.Equal(expected, result.Outcome);
        if (expected == DeterminationOutcome.NeedsInformation)
            Assert.Equal(["laterality"], result.MissingCodes()); // the right tumour, the left side documented
        else
            Assert.Contains(Assert.Single(result.Criteria, c => c.Id == "laterality").Evidence, e =>
                e.ResourceReference == "QuestionnaireResponse/qr-1"
            );
    }

    [Fact]
    public void A_response_naming_the_order_in_basedOn_counts_too()
    {
        var response = DtrResponse
            .For(ProcedureClass.RenalCryoablation, RenalOrder, Answer("surgical-candidacy", false))
            .With(r =>
            {
                r.Extension.Clear();
                r.BasedOn = [new ResourceReference($"ServiceRequest/{RenalOrder}")];
            });

        Assert.Equal(
            DeterminationOutcome.Covered,
            Engine.Single(SmallLocalizedRcc().Response(response), Renal).Outcome
        );
    }

    [Fact]
    public void An_answer_of_the_wrong_type_is_noted_and_not_used()
    {
        var record = RenalWith(SmallLocalizedRcc(), ("surgical-candidacy", new FhirString("no")));

        var result = Engine.Single(record, Renal);

        Assert.Equal(DeterminationOutcome.NeedsInformation, result.Outcome);
        Assert.Contains(result.Notes, n => n.Contains("QuestionnaireResponse/qr-1 (surgical-candidacy)"));
    }

    public static TheoryData<string, Action<QuestionnaireResponse>, string> SetAsideCases =>
        new()
        {
            { "wrong patient", r => r.Subject = new ResourceReference("Patient/other"), "not about this patient" },
            {
                "other order",
                r => r.Extension[0].Value = new ResourceReference("ServiceRequest/sr-other"),
                "it is about ServiceRequest/sr-other, not ServiceRequest/sr-50593"
            },
            { "no order", r => r.Extension.Clear(), "it names no order" },
            {
                "in progress",
                r => r.Status = QuestionnaireResponse.QuestionnaireResponseStatus.InProgress,
                "its status is in-progress"
            },
            { "no author", r => r.Author = null, "does not name its author" },
            {
                "unknown questionnaire",
                r => r.Questionnaire = "http://cryocdshooks.org/fhir/Questionnaire/mp260-liver-cryoablation",
                "which is not one of this service's Questionnaires"
            },
        };

    [Theory]
    [MemberData(nameof(SetAsideCases))]
    public void A_response_that_cannot_count_is_set_aside_and_the_answer_says_why(
        string why,
        Action<QuestionnaireResponse> change,
        string note
    )
    {
        var response = DtrResponse
            .For(ProcedureClass.RenalCryoablation, RenalOrder, Answer("surgical-candidacy", false))
            .With(change);

        var result = Engine.Single(SmallLocalizedRcc().Response(response), Renal);

        Assert.True(result.Outcome == DeterminationOutcome.NeedsInformation, why);
        Assert.Contains(result.Notes, n => n.Contains("QuestionnaireResponse/qr-1") && n.Contains(note));
    }

    [Fact]
    public void A_response_about_another_order_of_the_basket_is_used_for_it_and_not_noted_on_this_one()
    {
        var record = RenalWith(
            SmallLocalizedRcc().Condition("C34.11").Condition(Nsclc, CodeSystems.Snomed),
            Answer("surgical-candidacy", false)
        );

        var results = Engine.Evaluate(record, Orders.For(Renal), Orders.For(Lung));

        var renal = Assert.Single(results, r => r.Procedure == ProcedureClass.RenalCryoablation);
        Assert.Equal(DeterminationOutcome.Covered, renal.Outcome);
        Assert.All(results, r => Assert.DoesNotContain(r.Notes, n => n.Contains("was set aside")));
        // The lung order is judged on its own: the renal answer says nothing about it.
        var lung = Assert.Single(results, r => r.Procedure == ProcedureClass.LungCryoablation);
        Assert.Contains("surgical-candidacy", lung.MissingCodes());
    }

    [Fact]
    public void Another_payers_questionnaire_is_ignored_without_a_note()
    {
        var response = DtrResponse
            .For(ProcedureClass.RenalCryoablation, RenalOrder, Answer("surgical-candidacy", false))
            .With(r => r.Questionnaire = "http://other-payer.example/Questionnaire/renal");

        var result = Engine.Single(SmallLocalizedRcc().Response(response), Renal);

        Assert.Equal(DeterminationOutcome.NeedsInformation, result.Outcome);
        Assert.DoesNotContain(result.Notes, n => n.Contains("QuestionnaireResponse"));
    }
}
