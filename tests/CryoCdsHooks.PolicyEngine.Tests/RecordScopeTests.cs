using CryoCdsHooks.PolicyEngine.Terminology;
using CryoCdsHooks.PolicyEngine.Tests.TestData;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Tests;

/// <summary>Point 10 of issue 22: one guard decides which resources are evidence, before any rule reads them.</summary>
public class RecordScopeTests
{
    private const string UnknownModifier = "http://example.org/fhir/StructureDefinition/not-really";

    private static RecordBuilder CoveredKidney(Action<Condition>? tumour = null) =>
        new RecordBuilder()
            .Condition("C64.1", id: "rcc", configure: tumour)
            .TumorSize(3m, "cm")
            .NoSpread()
            .Attestation(AttestationCodes.NotSurgicalCandidate, true);

    private static CoverageDetermination Kidney(PatientRecord record) =>
        Assert.Single(
            Engine.Instance.Evaluate([Orders.For("50593")], [Orders.For("50593")], record, RecordBuilder.OrderDate)
        );

    [Fact]
    public void Condition_of_another_patient_is_not_evidence()
    {
        var result = Kidney(CoveredKidney(c => c.Subject = new ResourceReference("Patient/someone-else")).Build());

        Assert.Equal(DeterminationOutcome.NeedsInformation, result.Outcome);
        Assert.Contains("diagnosis", result.MissingCodes());
        Assert.Contains(result.Notes, n =>
            n.StartsWith("Condition/rcc was set aside: it is not about this patient", StringComparison.Ordinal)
        );
    }

    [Theory]
    [InlineData("Patient/pat-1")]
    [InlineData("Patient/pat-1/_history/4")]
    [InlineData("https://ehr.example.org/fhir/Patient/pat-1")]
    [InlineData("urn:uuid:6f0e1c0e-0000-4000-8000-000000000001")]
    public void Condition_about_the_patient_in_any_reference_form_is_evidence(string subject)
    {
        var result = Kidney(CoveredKidney(c => c.Subject = new ResourceReference(subject)).Build());

        Assert.Equal(DeterminationOutcome.Covered, result.Outcome);
        Assert.DoesNotContain(result.Notes, n => n.Contains("set aside"));
    }

    [Fact]
    public void Subject_given_as_a_urn_uuid_of_another_patient_is_not_evidence()
    {
        const string other = "urn:uuid:6f0e1c0e-0000-4000-8000-000000000002";
        var record = CoveredKidney(c => c.Subject = new ResourceReference(other)).Build();
        record = record with { FullUrls = new Dictionary<string, Resource> { [other] = new Patient { Id = "pat-2" } } };

        Assert.Equal(DeterminationOutcome.NeedsInformation, Kidney(record).Outcome);
    }

    [Fact]
    public void Observation_of_another_patient_is_not_evidence()
    {
        var record = CoveredKidney().Build();
        var size = record.Observations.First(o => o.Code.Coding[0].Code == "21889-1");
        size.Subject = new ResourceReference("Group/cohort-1");

        var result = Kidney(record);

        Assert.Equal(DeterminationOutcome.NeedsInformation, result.Outcome);
        Assert.Contains("tumor-size", result.MissingCodes());
    }

    [Fact]
    public void Encounter_of_another_patient_says_nothing_about_the_setting()
    {
        var result = Kidney(
            CoveredKidney().InEncounter("IMP", e => e.Subject = new ResourceReference("Patient/pat-2")).Build()
        );

        Assert.Equal(CareSetting.Unknown, result.Setting);
        Assert.Equal(PriorAuthorization.Conditional, result.PriorAuthorization);
    }

    [Fact]
    public void Coverage_counts_by_beneficiary_not_subscriber()
    {
        var mine = new Coverage
        {
            Id = "cov-mine",
            Beneficiary = new ResourceReference("Patient/pat-1"),
            Subscriber = new ResourceReference("Patient/parent"),
        };
        var theirs = new Coverage
        {
            Id = "cov-theirs",
            Beneficiary = new ResourceReference("Patient/parent"),
            Subscriber = new ResourceReference("Patient/pat-1"),
        };

        var (scoped, setAside, _) = RecordScope.Apply(new RecordBuilder().Build() with { Coverages = [mine, theirs] });

        Assert.Equal(["cov-mine"], scoped.Coverages.Select(c => c.Id));
        Assert.Contains(setAside, n =>
            n.StartsWith("Coverage/cov-theirs was set aside", StringComparison.Ordinal) && n.Contains("beneficiary")
        );
    }

    [Fact]
    public void Record_without_a_known_patient_keeps_every_subject()
    {
        var record = CoveredKidney(c => c.Subject = new ResourceReference("Patient/anyone")).Build() with
        {
            Patient = null,
        };

        Assert.Equal(DeterminationOutcome.Covered, Kidney(record).Outcome);
    }

    [Fact]
    public void Tumour_condition_with_an_unknown_modifier_extension_is_set_aside_and_named()
    {
        var result = Kidney(
            CoveredKidney(c => c.ModifierExtension.Add(new Extension(UnknownModifier, new FhirBoolean(true)))).Build()
        );

        Assert.Equal(DeterminationOutcome.NeedsInformation, result.Outcome);
        Assert.Contains(result.Notes, n =>
            n.StartsWith("Condition/rcc was set aside", StringComparison.Ordinal) && n.Contains(UnknownModifier)
        );
    }

    [Fact]
    public void Set_aside_metastasis_that_would_deny_makes_a_covered_answer_conditional_and_asks_to_confirm_it()
    {
        var record = CoveredKidney()
            .Condition("C78.01", id: "met", configure: c =>
                c.ModifierExtension.Add(new Extension(UnknownModifier, new FhirBoolean(true)))
            )
            .Build();

        var result = Kidney(record);

        Assert.Equal(DeterminationOutcome.NeedsInformation, result.Outcome);
        Assert.Equal(["confirm-finding"], result.MissingCodes());
        Assert.Equal(CriterionStatus.Unknown, result.StatusOf("localized"));
        Assert.Contains(result.Notes, n =>
            n.Contains("I-17", StringComparison.Ordinal)
            && n.Contains("Condition/met", StringComparison.Ordinal)
            && n.Contains(UnknownModifier, StringComparison.Ordinal)
            && n.Contains("not covered", StringComparison.Ordinal)
        );
    }

    [Fact]
    public void Set_aside_condition_that_would_not_change_the_answer_changes_nothing_but_its_note()
    {
        var record = CoveredKidney()
            .Condition("I10", id: "htn", configure: c =>
                c.ModifierExtension.Add(new Extension(UnknownModifier, new FhirBoolean(true)))
            )
            .Build();

        var result = Kidney(record);

        Assert.Equal(DeterminationOutcome.Covered, result.Outcome);
        Assert.Contains(result.Notes, n => n.StartsWith("Condition/htn was set aside", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Notes, n => n.Contains("I-17", StringComparison.Ordinal));
    }

    [Fact]
    public void Metastasis_of_another_patient_is_ignored_even_with_an_unknown_modifier_extension()
    {
        var record = CoveredKidney()
            .Condition("C78.01", id: "met", configure: c =>
            {
                c.Subject = new ResourceReference("Patient/someone-else");
                c.ModifierExtension.Add(new Extension(UnknownModifier, new FhirBoolean(true)));
            })
            .Build();

        var result = Kidney(record);

        Assert.Equal(DeterminationOutcome.Covered, result.Outcome);
        Assert.Contains(result.Notes, n =>
            n.StartsWith("Condition/met was set aside: it is not about this patient", StringComparison.Ordinal)
        );
        Assert.DoesNotContain(result.Notes, n => n.Contains("I-17", StringComparison.Ordinal));
    }

    [Fact]
    public void Modifier_extension_inside_an_element_also_sets_the_resource_aside()
    {
        var stage = new Condition.StageComponent { Summary = new CodeableConcept(CodeSystems.AjccStaging, "1") };
        stage.ModifierExtension.Add(new Extension(UnknownModifier, new FhirString("x")));

        var result = Kidney(CoveredKidney(c => c.Stage.Add(stage)).Build());

        Assert.Equal(DeterminationOutcome.NeedsInformation, result.Outcome);
        Assert.Contains(result.Notes, n => n.StartsWith("Condition/rcc was set aside", StringComparison.Ordinal));
    }

    [Fact]
    public void Order_that_asks_not_to_perform_gets_no_answer()
    {
        var order = Orders.For("50593");
        order.DoNotPerform = true;

        Assert.Empty(Engine.Evaluate(CoveredKidney(), order));
    }

    [Theory]
    [InlineData(RequestIntent.Option, RequestStatus.Draft, false)]
    [InlineData(RequestIntent.Order, RequestStatus.Revoked, false)]
    [InlineData(RequestIntent.Order, RequestStatus.EnteredInError, false)]
    [InlineData(RequestIntent.Proposal, RequestStatus.Draft, true)]
    [InlineData(RequestIntent.Plan, RequestStatus.Active, true)]
    [InlineData(RequestIntent.OriginalOrder, RequestStatus.Draft, true)]
    public void Only_orders_that_ask_for_the_procedure_are_answered(
        RequestIntent intent,
        RequestStatus status,
        bool answered
    )
    {
        var order = Orders.For("50593");
        order.Intent = intent;
        order.Status = status;

        Assert.Equal(answered, Engine.Evaluate(CoveredKidney(), order).Count == 1);
    }

    [Fact]
    public void Guidance_does_not_follow_an_ablation_that_is_not_to_be_performed()
    {
        var ablation = Orders.For("50593");
        ablation.DoNotPerform = true;

        var guidance = Assert.Single(Engine.Evaluate(CoveredKidney(), ablation, Orders.For("76940")));

        Assert.Equal(["ablation-procedure"], guidance.MissingCodes());
    }

    [Fact]
    public void Order_with_an_unknown_modifier_extension_is_conditional_not_judged()
    {
        var order = Orders.For("50593");
        order.ModifierExtension.Add(new Extension(UnknownModifier, new FhirBoolean(true)));

        var result = Assert.Single(Engine.Evaluate(CoveredKidney(), order));

        Assert.Equal(DeterminationOutcome.NeedsInformation, result.Outcome);
        Assert.Contains(result.Notes, n => n.Contains(UnknownModifier));
    }

    [Fact]
    public void Order_with_an_unknown_status_code_is_still_answered()
    {
        var order = Orders.For("50593");
        order.StatusElement = new Code<RequestStatus> { JsonValue = "bogus" };

        Assert.Equal(DeterminationOutcome.Covered, Assert.Single(Engine.Evaluate(CoveredKidney(), order)).Outcome);
    }
}
