using CryoCdsHooks.PolicyEngine.Terminology;
using CryoCdsHooks.PolicyEngine.Tests.TestData;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Tests;

/// <summary>Facts from every place a record keeps them, and right reasons (issue 11 points 3 and 6).</summary>
public class FactsFromEveryPlaceTests
{
    private const string HistologyExtension =
        "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-histology-morphology-behavior";

    /// <summary>Small localized RCC whose eligibility hinges on kidney function (resection would worsen it).</summary>
    private static RecordBuilder RccNeedingKidneyFunction() =>
        new RecordBuilder()
            .Condition("C64.1")
            .TumorSize(3m, "cm")
            .NoSpread()
            .Attestation(AttestationCodes.SurgicalCandidate, true)
            .Attestation(AttestationCodes.ResectionWorsensKidneyFunction, true);

    [Theory]
    [InlineData(CodeSystems.Cpt, "90935")]
    [InlineData(CodeSystems.Icd10Pcs, "5A1D70Z")]
    [InlineData(CodeSystems.Snomed, "302497006")]
    public void Dialysis_recorded_as_a_procedure_means_renal_insufficiency(string system, string code)
    {
        var record = RccNeedingKidneyFunction().ProcedureCoded(system, code, daysBefore: 20);

        var result = Engine.Single(record, "50593");

        Assert.Equal(CriterionStatus.Met, result.StatusOf("renal-insufficiency"));
        Assert.Equal(DeterminationOutcome.Covered, result.Outcome);
    }

    [Fact]
    public void Dialysis_older_than_the_lookback_does_not_count() =>
        Assert.Equal(
            CriterionStatus.Unknown,
            Engine
                .Single(RccNeedingKidneyFunction().ProcedureCoded(CodeSystems.Cpt, "90935", daysBefore: 200), "50593")
                .StatusOf("renal-insufficiency")
        );

    [Theory]
    [InlineData(CodeSystems.Icd10Pcs, "0TT10ZZ", CriterionStatus.Met)]
    [InlineData(CodeSystems.Snomed, "175905003", CriterionStatus.Met)] // total nephrectomy
    [InlineData(CodeSystems.Snomed, "116033007", CriterionStatus.Met)] // radical nephrectomy
    [InlineData(CodeSystems.Snomed, "81516001", CriterionStatus.NotMet)] // partial nephrectomy: the kidney remains
    public void A_total_nephrectomy_in_any_procedure_vocabulary_means_one_kidney(
        string system,
        string code,
        CriterionStatus expected
    ) =>
        Assert.Equal(
            expected,
            Engine
                .Single(RccNeedingKidneyFunction().ProcedureCoded(system, code, daysBefore: 400), "50593")
                .StatusOf("single-kidney")
        );

    [Theory]
    [InlineData("8120/3", DeterminationOutcome.Investigational)] // urothelial carcinoma of the kidney
    [InlineData("8960/3", DeterminationOutcome.Investigational)] // Wilms tumour
    [InlineData("8290/0", DeterminationOutcome.Investigational)] // oncocytoma
    [InlineData("8312/3", DeterminationOutcome.Covered)] // RCC NOS
    [InlineData("8010/3", DeterminationOutcome.Covered)] // carcinoma NOS: not specific enough to overrule C64
    public void Mcode_histology_on_a_c64_condition_outranks_the_site_code(string icdO3, DeterminationOutcome expected)
    {
        var record = new RecordBuilder()
            .Condition("C64.1", configure: c =>
                c.Extension.Add(new Extension(HistologyExtension, new CodeableConcept(CodeSystems.IcdO3, icdO3)))
            )
            .TumorSize(3m, "cm")
            .NoSpread()
            .Attestation(AttestationCodes.NotSurgicalCandidate, true);

        var result = Engine.Single(record, "50593");

        Assert.Equal(expected, result.Outcome);
        if (expected == DeterminationOutcome.Investigational)
        {
            Assert.Contains("histology", result.Reason);
            Assert.Equal(CriterionStatus.NotMet, result.StatusOf("covered-indication"));
        }
    }

    [Fact]
    public void Egfr_as_a_component_of_a_metabolic_panel_is_read()
    {
        var record = RccNeedingKidneyFunction()
            .Observation(CodeSystems.Loinc, "24323-8", null, 10, configure: o => o.Component.Add(
                    new Observation.ComponentComponent
                    {
                        Code = new CodeableConcept(CodeSystems.Loinc, "98979-8"),
                        Value = new Quantity { Value = 48, Unit = "mL/min/1.73m2" },
                    }
                ));

        var kidneyFunction = Engine.Single(record, "50593");

        Assert.Equal(CriterionStatus.Met, kidneyFunction.StatusOf("renal-insufficiency"));
    }

    [Fact]
    public void An_undated_panel_member_takes_the_date_of_its_panel()
    {
        var record = RccNeedingKidneyFunction()
            .Observation(
                CodeSystems.Loinc,
                "98979-8",
                new Quantity { Value = 48, Unit = "mL/min/1.73 m^2" },
                0,
                configure: o =>
                {
                    o.Id = "egfr-member";
                    o.Effective = null;
                }
            )
            .Observation(CodeSystems.Loinc, "24362-6", null, 12, configure: o =>
                o.HasMember.Add(new ResourceReference("Observation/egfr-member"))
            );

        var result = Engine.Single(record, "50593");

        Assert.Equal(CriterionStatus.Met, result.StatusOf("renal-insufficiency"));
        Assert.Contains(result.Criteria.Single(c => c.Id == "renal-insufficiency").Evidence, e =>
            e.ResourceReference == "Observation/egfr-member"
        );
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void An_egfr_without_a_unit_is_read_in_the_unit_its_loinc_code_defines_as_number_or_string(bool asString)
    {
        DataType value = asString ? new FhirString("48") : new Quantity { Value = 48 };
        var record = RccNeedingKidneyFunction().Observation(CodeSystems.Loinc, "98979-8", value, 10);

        Assert.Equal(CriterionStatus.Met, Engine.Single(record, "50593").StatusOf("renal-insufficiency"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_tumor_size_without_a_unit_is_not_guessed_as_number_or_string(bool asString)
    {
        DataType value = asString ? new FhirString("3") : new Quantity { Value = 3 };
        var record = new RecordBuilder()
            .Condition("C64.1")
            .NoSpread()
            .Observation(CodeSystems.Loinc, "21889-1", value, 5)
            .Attestation(AttestationCodes.NotSurgicalCandidate, true);

        Assert.Equal(CriterionStatus.Unknown, Engine.Single(record, "50593").StatusOf("tumor-size"));
    }

    [Theory]
    [InlineData("32 mm", true)]
    [InlineData("3.2 centimeters", true)]
    [InlineData("45 Millimeters", false)]
    public void Tumor_size_strings_and_written_out_units_are_read(string text, bool within)
    {
        var record = new RecordBuilder()
            .Condition("C64.1")
            .NoSpread()
            .Observation(CodeSystems.Loinc, "21889-1", new FhirString(text), 5)
            .Attestation(AttestationCodes.NotSurgicalCandidate, true);

        Assert.Equal(
            within ? CriterionStatus.Met : CriterionStatus.NotMet,
            Engine.Single(record, "50593").StatusOf("tumor-size")
        );
    }

    [Theory]
    [InlineData("D02.21")] // carcinoma in situ of right bronchus or lung
    [InlineData("C7A.090")] // malignant carcinoid of bronchus and lung
    public void A_lung_tumor_other_than_nsclc_or_sclc_is_investigational_not_undocumented(string icd10)
    {
        var result = Engine.Single(new RecordBuilder().Condition(icd10), "32994");

        Assert.Equal(DeterminationOutcome.Investigational, result.Outcome);
        Assert.Equal(CriterionStatus.NotMet, result.StatusOf("covered-indication"));
        Assert.NotEmpty(result.Alternatives);
    }

    [Theory]
    [InlineData("8240/3", DeterminationOutcome.Investigational)] // carcinoid
    [InlineData("8140/2", DeterminationOutcome.Investigational)] // adenocarcinoma in situ
    [InlineData("8045/3", DeterminationOutcome.Investigational)] // combined small cell
    [InlineData("8140/3", DeterminationOutcome.Covered)] // adenocarcinoma
    [InlineData("8013/3", DeterminationOutcome.NeedsInformation)] // LCNEC: histology asked
    public void Mcode_histology_on_the_c34_condition_decides_the_kind(string icdO3, DeterminationOutcome expected)
    {
        var record = new RecordBuilder()
            .Condition("C34.11", configure: c =>
                c.Extension.Add(new Extension(HistologyExtension, new CodeableConcept(CodeSystems.IcdO3, icdO3)))
            )
            .Staging("21908-9", CodeSystems.AjccStaging, "1A")
            .Attestation(AttestationCodes.NotSurgicalCandidate, true);

        Assert.Equal(expected, Engine.Single(record, "32994").Outcome);
    }
}
