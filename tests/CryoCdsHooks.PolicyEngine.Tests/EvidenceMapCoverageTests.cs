using CryoCdsHooks.PolicyEngine.Terminology;
using CryoCdsHooks.PolicyEngine.Tests.TestData;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Tests;

/// <summary>
/// Places of docs/evidence-map.md that the engine already reads but no other test exercised (issue 22, evidence map):
/// one test per place, each changing only that place in an otherwise decided record. This file: sections 1-3
/// (diagnosis, histology, side) and the shared records; the other sections are in the partial files beside it.
/// </summary>
public partial class EvidenceMapCoverageTests
{
    private const string LateralityQualifier =
        "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-laterality-qualifier";
    private const string HistologyExtension =
        "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-histology-morphology-behavior";
    private const string KidneyStructure = "64033007";
    private const string LeftQualifier = "7771000";
    private const string RightLung = "3341006";
    private const string LeftLung = "44029006";

    /// <summary>Covered but for nothing: each test changes one place and sees the answer move (or not).</summary>
    private static RecordBuilder NotCandidate() =>
        new RecordBuilder().Attestation(AttestationCodes.NotSurgicalCandidate, true);

    private static RecordBuilder SizeAndStagingWithoutTumor() => NotCandidate().TumorSize(3m, "cm").NoSpread();

    private static RecordBuilder CoveredKidney() => SizeAndStagingWithoutTumor().Condition("C64.1");

    /// <summary>
    /// Surgical candidate whose resection would worsen kidney function: renal insufficiency alone decides.
    /// </summary>
    private static RecordBuilder NeedsKidneyFunction() => KidneyFunctionTests.CandidateNeedingKidneyFunction();

    /// <summary>A small localized right RCC (size and staging focused on it) and a large left one.</summary>
    private static RecordBuilder TumorsOnBothKidneys() =>
        NotCandidate()
            .Condition("C64.1", id: "right")
            .TumorSize(3m, "cm", focus: "right")
            .NoSpread(focus: "right")
            .Condition("C64.2", id: "left")
            .TumorSize(6m, "cm", focus: "left")
            .NoSpread(focus: "left");

    private static CodeableConcept SideQualified(string bodySite, string qualifier)
    {
        var site = new CodeableConcept(CodeSystems.Snomed, bodySite);
        site.Extension.Add(new Extension(LateralityQualifier, new CodeableConcept(CodeSystems.Snomed, qualifier)));
        return site;
    }

    private static CoverageDetermination Single(PatientRecord record, ServiceRequest order) =>
        Assert.Single(Engine.Instance.Evaluate([order], [order], record, RecordBuilder.OrderDate));

    // ---- diagnosis -------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("recurrence")]
    [InlineData("relapse")]
    public void Recurrence_and_relapse_are_a_current_tumor(string clinicalStatus) =>
        Assert.Equal(
            DeterminationOutcome.Covered,
            Engine
                .Single(SizeAndStagingWithoutTumor().Condition("C64.1", clinicalStatus: clinicalStatus), "50593")
                .Outcome
        );

    [Theory]
    [InlineData("problem-list-item")]
    [InlineData("encounter-diagnosis")]
    [InlineData("health-concern")]
    public void A_tumor_condition_counts_whatever_its_category(string category)
    {
        var record = SizeAndStagingWithoutTumor()
            .Condition("C64.1", configure: c =>
                c.Category.Add(
                    new CodeableConcept("http://terminology.hl7.org/CodeSystem/condition-category", category)
                )
            );

        Assert.Equal(DeterminationOutcome.Covered, Engine.Single(record, "50593").Outcome);
    }

    [Fact]
    public void A_tumor_condition_contained_in_the_order_and_named_by_its_reason_is_the_target()
    {
        var order = Orders.For("50593");
        order.Contained.Add(
            new Condition
            {
                Id = "tumor",
                Code = new CodeableConcept(CodeSystems.Icd10Cm, "C64.1"),
                ClinicalStatus = new CodeableConcept(
                    "http://terminology.hl7.org/CodeSystem/condition-clinical",
                    "active"
                ),
            }
        );
        order.ReasonReference.Add(new ResourceReference("#tumor"));

        var result = Engine.Single(SizeAndStagingWithoutTumor(), order);

        Assert.Equal(DeterminationOutcome.Covered, result.Outcome);
        Assert.Equal(CriterionStatus.Met, result.StatusOf("renal-cell-carcinoma"));
    }

    /// <summary>
    /// A status coding without its system (the binding is required, so the code can only be that code system's) is
    /// read as that code: a resolved, refuted or provisional RCC is not "covered".
    /// </summary>
    [Theory]
    [InlineData("clinical", "resolved")]
    [InlineData("verification", "refuted")]
    [InlineData("verification", "entered-in-error")]
    [InlineData("verification", "provisional")]
    public void A_status_coded_without_its_system_still_changes_what_the_condition_means(string status, string code)
    {
        var record = SizeAndStagingWithoutTumor()
            .Condition("C64.1", configure: c =>
            {
                var concept = new CodeableConcept { Coding = [new Coding { Code = code }] };
                if (status == "clinical")
                    c.ClinicalStatus = concept;
                else
                    c.VerificationStatus = concept;
            });

        Assert.Equal(DeterminationOutcome.NeedsInformation, Engine.Single(record, "50593").Outcome);
    }

    [Fact]
    public void A_snomed_lung_metastasis_alone_is_investigational() =>
        Assert.Equal(
            DeterminationOutcome.Investigational,
            Engine.Single(NotCandidate().Condition("94391008", CodeSystems.Snomed), "32994").Outcome
        );

    [Fact]
    public void Tracheal_cancer_c33_is_a_primary_lung_site_that_also_asks_about_the_airway()
    {
        var result = Engine.Single(new RecordBuilder().Condition("C33"), "32994");

        Assert.Equal(CriterionStatus.Met, result.StatusOf("primary-lung-cancer"));
        Assert.Contains("central-airway-obstruction", result.MissingCodes());
    }

    [Theory]
    [InlineData("0581T", "C50.411", CodeSystems.Icd10Cm)]
    [InlineData("0581T", "254837009", CodeSystems.Snomed)] // malignant neoplasm of breast (Synthea, mCODE examples)
    [InlineData("0581T", "D05.11", CodeSystems.Icd10Cm)] // in situ
    [InlineData("19105", "D24.1", CodeSystems.Icd10Cm)] // fibroadenoma
    [InlineData("20983", "C41.2", CodeSystems.Icd10Cm)]
    [InlineData("20983", "C79.51", CodeSystems.Icd10Cm)]
    [InlineData("20983", "93725000", CodeSystems.Snomed)]
    public void A_breast_or_bone_diagnosis_is_the_evidence_of_the_investigational_answer(
        string cpt,
        string code,
        string system
    )
    {
        var result = Engine.Single(new RecordBuilder().Condition(code, system), cpt);

        Assert.Equal(DeterminationOutcome.Investigational, result.Outcome);
        Assert.NotEmpty(Assert.Single(result.Criteria, c => c.Id == "covered-indication").Evidence);
        Assert.DoesNotContain(result.Notes, n => n.StartsWith("No active", StringComparison.Ordinal));
    }

    // ---- histology -------------------------------------------------------------------------------------------

    [Fact]
    public void A_sided_snomed_nsclc_disorder_carries_the_histology_and_the_side()
    {
        var record = NotCandidate()
            .Condition("15956381000119100", CodeSystems.Snomed) // adenocarcinoma of right lung
            .Staging("21908-9", CodeSystems.AjccStaging, "1A");

        Assert.Equal(
            DeterminationOutcome.Covered,
            Engine.Single(record, Orders.For("32994", bodySite: RightLung)).Outcome
        );
        Assert.Equal(["laterality"], Engine.Single(record, Orders.For("32994", bodySite: LeftLung)).MissingCodes());
    }

    [Fact]
    public void Mcode_histology_coded_under_the_icd_o_3_oid_is_read()
    {
        var record = SizeAndStagingWithoutTumor()
            .Condition("C64.1", configure: c =>
                c.Extension.Add(
                    new Extension(HistologyExtension, new CodeableConcept("urn:oid:2.16.840.1.113883.6.43.1", "8120/3"))
                )
            );

        Assert.Equal(DeterminationOutcome.Investigational, Engine.Single(record, "50593").Outcome);
    }

    // ---- side ------------------------------------------------------------------------------------------------

    [Fact]
    public void A_laterality_qualifier_on_the_condition_body_site_names_the_tumor_side()
    {
        var record = SizeAndStagingWithoutTumor()
            .Condition("C64.9", configure: c => c.BodySite.Add(SideQualified(KidneyStructure, LeftQualifier)));

        Assert.Equal(
            ["laterality"],
            Engine.Single(record, Orders.For("50593", bodySite: Orders.RightKidney)).MissingCodes()
        );
        Assert.Equal(
            DeterminationOutcome.Covered,
            Engine.Single(record, Orders.For("50593", bodySite: Orders.LeftKidney)).Outcome
        );
    }

    [Fact]
    public void A_laterality_qualifier_extension_on_the_condition_names_the_tumor_side()
    {
        var record = SizeAndStagingWithoutTumor()
            .Condition("C64.9", configure: c =>
                c.Extension.Add(
                    new Extension(LateralityQualifier, new CodeableConcept(CodeSystems.Snomed, LeftQualifier))
                )
            );

        Assert.Equal(
            ["laterality"],
            Engine.Single(record, Orders.For("50593", bodySite: Orders.RightKidney)).MissingCodes()
        );
    }

    [Fact]
    public void A_modifier_in_an_extension_of_the_order_picks_the_side()
    {
        var order = Orders.For("50593");
        order.Extension.Add(
            new Extension("http://example.org/fhir/procedure-modifier", new Coding(CodeSystems.Hcpcs, "LT"))
        );

        Assert.Equal(DeterminationOutcome.CriteriaNotMet, Engine.Single(TumorsOnBothKidneys(), order).Outcome);
    }

    [Fact]
    public void A_modifier_in_an_extension_of_the_order_code_concept_picks_the_side()
    {
        var order = Orders.For("50593");
        order.Code!.Extension.Add(
            new Extension("http://example.org/fhir/procedure-modifier", new CodeableConcept(CodeSystems.Hcpcs, "RT"))
        );

        Assert.Equal(DeterminationOutcome.Covered, Engine.Single(TumorsOnBothKidneys(), order).Outcome);
    }

    [Fact]
    public void A_laterality_qualifier_on_an_observation_body_site_ties_the_size_to_that_side()
    {
        var record = NotCandidate()
            .Condition("C64.1")
            .Condition("C64.2")
            .NoSpread()
            .Observation(
                CodeSystems.Loinc,
                "21889-1",
                new Quantity
                {
                    Value = 6,
                    Code = "cm",
                    Unit = "cm",
                },
                5,
                configure: o => o.BodySite = SideQualified(KidneyStructure, LeftQualifier)
            );

        var result = Engine.Single(record, Orders.For("50593", bodySite: Orders.LeftKidney));

        Assert.Equal(CriterionStatus.NotMet, result.StatusOf("tumor-size"));
    }
}
