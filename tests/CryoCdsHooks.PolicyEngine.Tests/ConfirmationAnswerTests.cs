using CryoCdsHooks.PolicyEngine.Terminology;
using CryoCdsHooks.PolicyEngine.Tests.TestData;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Tests;

/// <summary>
/// Answers to <c>confirmed-diagnosis</c>, <c>confirm-metastasis</c> and <c>confirm-finding</c> settle the unconfirmed
/// findings (I-17) that left the order conditional (docs/data-conventions.md, "Answers to our Questionnaires").
/// </summary>
public class ConfirmationAnswerTests
{
    private const string Renal = "50593";
    private const string RenalOrder = "sr-50593";

    /// <summary>
    /// A small RCC staged cN0 cM0 a week ago, not a surgical candidate; later a provisional lung metastasis.
    /// </summary>
    private static RecordBuilder LocalizedRccThenProvisionalMetastasis() =>
        new RecordBuilder()
            .Condition("C64.1", id: "rcc")
            .TumorSize(3m, "cm")
            .NoSpread(daysBefore: 7)
            .Attestation(AttestationCodes.NotSurgicalCandidate, true)
            .Condition("C78.01", verificationStatus: "provisional", id: "met", configure: c =>
                c.RecordedDate = RecordBuilder.DaysBefore(2)
            );

    /// <summary>A small kidney cancer recorded only as provisional, otherwise covered.</summary>
    private static RecordBuilder ProvisionalRcc() =>
        new RecordBuilder()
            .Condition("C64.1", verificationStatus: "provisional", id: "rcc")
            .TumorSize(3m, "cm")
            .NoSpread()
            .Attestation(AttestationCodes.NotSurgicalCandidate, true);

    private static QuestionnaireResponse Answered(params (string LinkId, bool Value)[] answers) =>
        DtrResponse.For(
            ProcedureClass.RenalCryoablation,
            RenalOrder,
            [.. answers.Select(a => (a.LinkId, (DataType)new FhirBoolean(a.Value)))]
        );

    [Fact]
    public void A_metastasis_the_answer_confirms_makes_the_localized_rcc_not_covered()
    {
        var before = Engine.Single(LocalizedRccThenProvisionalMetastasis(), Renal);
        var after = Engine.Single(
            LocalizedRccThenProvisionalMetastasis().Response(Answered(("confirm-metastasis", true))),
            Renal
        );

        Assert.Equal(["confirm-metastasis"], before.MissingCodes());
        Assert.Equal(DeterminationOutcome.CriteriaNotMet, after.Outcome);
        Assert.Empty(after.MissingCodes());
        Assert.Contains(after.Notes, n => n.Contains("QuestionnaireResponse/qr-1", StringComparison.Ordinal));
    }

    [Fact]
    public void A_metastasis_the_answer_does_not_confirm_leaves_the_localized_rcc_covered()
    {
        var result = Engine.Single(
            LocalizedRccThenProvisionalMetastasis().Response(Answered(("confirm-metastasis", false))),
            Renal
        );

        Assert.Equal(DeterminationOutcome.Covered, result.Outcome);
        Assert.Equal(CriterionStatus.Met, result.StatusOf("localized"));
        Assert.Contains(result.Notes, n =>
            n.Contains("QuestionnaireResponse/qr-1", StringComparison.Ordinal)
            && n.Contains("do not confirm", StringComparison.Ordinal)
        );
    }

    [Fact]
    public void A_provisional_kidney_cancer_the_answer_confirms_is_the_diagnosis_and_the_order_is_covered()
    {
        var before = Engine.Single(ProvisionalRcc(), Renal);
        var after = Engine.Single(ProvisionalRcc().Response(Answered(("confirmed-diagnosis", true))), Renal);

        Assert.Equal(["confirmed-diagnosis"], before.MissingCodes());
        Assert.Equal(DeterminationOutcome.Covered, after.Outcome);
    }

    [Fact]
    public void A_provisional_tumor_its_size_is_tied_to_is_asked_one_question_and_settled_by_its_answer()
    {
        RecordBuilder Record() =>
            new RecordBuilder()
                .Condition("C64.1", verificationStatus: "provisional", id: "rcc")
                .TumorSize(3m, "cm", focus: "Condition/rcc")
                .NoSpread()
                .Attestation(AttestationCodes.NotSurgicalCandidate, true);

        var before = Engine.Single(Record(), Renal);
        var after = Engine.Single(Record().Response(Answered(("confirmed-diagnosis", true))), Renal);

        Assert.Equal(["confirmed-diagnosis"], before.MissingCodes());
        Assert.Equal(DeterminationOutcome.Covered, after.Outcome);
    }

    [Fact]
    public void A_diagnosis_the_answer_does_not_confirm_stays_conditional_never_denied()
    {
        var result = Engine.Single(ProvisionalRcc().Response(Answered(("confirmed-diagnosis", false))), Renal);

        Assert.Equal(DeterminationOutcome.NeedsInformation, result.Outcome);
        Assert.Equal(["confirmed-diagnosis"], result.MissingCodes());
    }

    [Fact]
    public void An_answer_to_a_question_the_findings_did_not_raise_changes_nothing()
    {
        var result = Engine.Single(
            LocalizedRccThenProvisionalMetastasis().Response(Answered(("confirmed-diagnosis", true))),
            Renal
        );

        Assert.Equal(DeterminationOutcome.NeedsInformation, result.Outcome);
        Assert.Equal(["confirm-metastasis"], result.MissingCodes());
    }

    [Fact]
    public void Answers_that_confirm_the_diagnosis_but_not_the_metastasis_stay_conditional()
    {
        var record = ProvisionalRcc()
            .Condition("C78.01", verificationStatus: "provisional", id: "met", configure: c =>
                c.RecordedDate = RecordBuilder.DaysBefore(2)
            );
        var asked = Engine.Single(record, Renal).MissingCodes();

        var result = Engine.Single(
            ProvisionalRcc()
                .Condition("C78.01", verificationStatus: "provisional", id: "met", configure: c =>
                    c.RecordedDate = RecordBuilder.DaysBefore(2)
                )
                .Response(Answered(("confirmed-diagnosis", true), ("confirm-metastasis", false))),
            Renal
        );

        Assert.Contains("confirm-metastasis", asked);
        Assert.Contains("confirmed-diagnosis", asked);
        Assert.Equal(DeterminationOutcome.NeedsInformation, result.Outcome);
        Assert.Contains(result.Notes, n => n.Contains("and not others", StringComparison.Ordinal));
    }

    [Fact]
    public void The_latest_answer_decides_a_confirmation()
    {
        var earlier = Answered(("confirm-metastasis", true))
            .With(r =>
            {
                r.Id = "qr-0";
                r.Authored = RecordBuilder.DaysBefore(1);
            });
        var record = LocalizedRccThenProvisionalMetastasis()
            .Response(earlier)
            .Response(Answered(("confirm-metastasis", false)));

        Assert.Equal(DeterminationOutcome.Covered, Engine.Single(record, Renal).Outcome);
    }

    [Fact]
    public void A_confirmation_answered_with_text_is_not_read_as_a_confirmation()
    {
        var response = DtrResponse.For(
            ProcedureClass.RenalCryoablation,
            RenalOrder,
            ("confirm-metastasis", new FhirString("yes"))
        );

        var result = Engine.Single(LocalizedRccThenProvisionalMetastasis().Response(response), Renal);

        Assert.Equal(DeterminationOutcome.NeedsInformation, result.Outcome);
        Assert.Equal(["confirm-metastasis"], result.MissingCodes());
    }
}
