using CryoCdsHooks.PolicyEngine.Terminology;
using CryoCdsHooks.PolicyEngine.Tests.TestData;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Tests;

/// <summary>
/// Places of docs/evidence-map.md that the engine already reads but no other test exercised (issue 22, evidence map):
/// one test per place, each changing only that place in an otherwise decided record.
/// </summary>
public class EvidenceMapCoverageTests
{
    private const string LateralityQualifier = "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-laterality-qualifier";
    private const string HistologyExtension = "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-histology-morphology-behavior";
    private const string KidneyStructure = "64033007";
    private const string LeftQualifier = "7771000";
    private const string RightLung = "3341006";
    private const string LeftLung = "44029006";

    /// <summary>Covered but for nothing: each test changes one place and sees the answer move (or not).</summary>
    private static RecordBuilder NotCandidate() => new RecordBuilder().Attestation(AttestationCodes.NotSurgicalCandidate, true);

    private static RecordBuilder SizeAndStagingWithoutTumor() => NotCandidate().TumorSize(3m, "cm").NoSpread();

    private static RecordBuilder CoveredKidney() => SizeAndStagingWithoutTumor().Condition("C64.1");

    /// <summary>Surgical candidate whose resection would worsen kidney function: renal insufficiency alone decides.</summary>
    private static RecordBuilder NeedsKidneyFunction() => KidneyFunctionTests.CandidateNeedingKidneyFunction();

    /// <summary>A small localized right RCC (size and staging focused on it) and a large left one.</summary>
    private static RecordBuilder TumorsOnBothKidneys() => NotCandidate()
        .Condition("C64.1", id: "right").TumorSize(3m, "cm", focus: "right").NoSpread(focus: "right")
        .Condition("C64.2", id: "left").TumorSize(6m, "cm", focus: "left").NoSpread(focus: "left");

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
        Assert.Equal(DeterminationOutcome.Covered,
            Engine.Single(SizeAndStagingWithoutTumor().Condition("C64.1", clinicalStatus: clinicalStatus), "50593").Outcome);

    [Theory]
    [InlineData("problem-list-item")]
    [InlineData("encounter-diagnosis")]
    [InlineData("health-concern")]
    public void A_tumor_condition_counts_whatever_its_category(string category)
    {
        var record = SizeAndStagingWithoutTumor().Condition("C64.1", configure: c =>
            c.Category.Add(new CodeableConcept("http://terminology.hl7.org/CodeSystem/condition-category", category)));

        Assert.Equal(DeterminationOutcome.Covered, Engine.Single(record, "50593").Outcome);
    }

    [Fact]
    public void A_tumor_condition_contained_in_the_order_and_named_by_its_reason_is_the_target()
    {
        var order = Orders.For("50593");
        order.Contained.Add(new Condition
        {
            Id = "tumor",
            Code = new CodeableConcept(CodeSystems.Icd10Cm, "C64.1"),
            ClinicalStatus = new CodeableConcept("http://terminology.hl7.org/CodeSystem/condition-clinical", "active"),
        });
        order.ReasonReference.Add(new ResourceReference("#tumor"));

        var result = Engine.Single(SizeAndStagingWithoutTumor(), order);

        Assert.Equal(DeterminationOutcome.Covered, result.Outcome);
        Assert.Equal(CriterionStatus.Met, result.StatusOf("renal-cell-carcinoma"));
    }

    /// <summary>
    /// A status coding without its system (the binding is required, so the code can only be that code system's) is
    /// skipped today and the Condition reads as confirmed and current: a resolved or refuted RCC is "covered".
    /// </summary>
    [Theory(Skip = "gap: a clinicalStatus/verificationStatus coding without a system is ignored, so the Condition reads as current and confirmed (wrong covered); fixing it is in src/ (ClinicalConditions.StatusCode)")]
    [InlineData("clinical", "resolved")]
    [InlineData("verification", "refuted")]
    [InlineData("verification", "entered-in-error")]
    [InlineData("verification", "provisional")]
    public void A_status_coded_without_its_system_still_changes_what_the_condition_means(string status, string code)
    {
        var record = SizeAndStagingWithoutTumor().Condition("C64.1", configure: c =>
        {
            var concept = new CodeableConcept { Coding = [new Coding { Code = code }] };
            if (status == "clinical") c.ClinicalStatus = concept;
            else c.VerificationStatus = concept;
        });

        Assert.Equal(DeterminationOutcome.NeedsInformation, Engine.Single(record, "50593").Outcome);
    }

    [Fact]
    public void A_snomed_lung_metastasis_alone_is_investigational() =>
        Assert.Equal(DeterminationOutcome.Investigational,
            Engine.Single(NotCandidate().Condition("94391008", CodeSystems.Snomed), "32994").Outcome);

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
    public void A_breast_or_bone_diagnosis_is_the_evidence_of_the_investigational_answer(string cpt, string code, string system)
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
        var record = NotCandidate().Condition("15956381000119100", CodeSystems.Snomed) // adenocarcinoma of right lung
            .Staging("21908-9", CodeSystems.AjccStaging, "1A");

        Assert.Equal(DeterminationOutcome.Covered, Engine.Single(record, Orders.For("32994", bodySite: RightLung)).Outcome);
        Assert.Equal(["laterality"], Engine.Single(record, Orders.For("32994", bodySite: LeftLung)).MissingCodes());
    }

    [Fact]
    public void Mcode_histology_coded_under_the_icd_o_3_oid_is_read()
    {
        var record = SizeAndStagingWithoutTumor().Condition("C64.1", configure: c =>
            c.Extension.Add(new Extension(HistologyExtension, new CodeableConcept("urn:oid:2.16.840.1.113883.6.43.1", "8120/3"))));

        Assert.Equal(DeterminationOutcome.Investigational, Engine.Single(record, "50593").Outcome);
    }

    // ---- side ------------------------------------------------------------------------------------------------

    [Fact]
    public void A_laterality_qualifier_on_the_condition_body_site_names_the_tumor_side()
    {
        var record = SizeAndStagingWithoutTumor().Condition("C64.9", configure: c => c.BodySite.Add(SideQualified(KidneyStructure, LeftQualifier)));

        Assert.Equal(["laterality"], Engine.Single(record, Orders.For("50593", bodySite: Orders.RightKidney)).MissingCodes());
        Assert.Equal(DeterminationOutcome.Covered, Engine.Single(record, Orders.For("50593", bodySite: Orders.LeftKidney)).Outcome);
    }

    [Fact]
    public void A_laterality_qualifier_extension_on_the_condition_names_the_tumor_side()
    {
        var record = SizeAndStagingWithoutTumor().Condition("C64.9", configure: c =>
            c.Extension.Add(new Extension(LateralityQualifier, new CodeableConcept(CodeSystems.Snomed, LeftQualifier))));

        Assert.Equal(["laterality"], Engine.Single(record, Orders.For("50593", bodySite: Orders.RightKidney)).MissingCodes());
    }

    [Fact]
    public void A_modifier_in_an_extension_of_the_order_picks_the_side()
    {
        var order = Orders.For("50593");
        order.Extension.Add(new Extension("http://example.org/fhir/procedure-modifier", new Coding(CodeSystems.Hcpcs, "LT")));

        Assert.Equal(DeterminationOutcome.CriteriaNotMet, Engine.Single(TumorsOnBothKidneys(), order).Outcome);
    }

    [Fact]
    public void A_modifier_in_an_extension_of_the_order_code_concept_picks_the_side()
    {
        var order = Orders.For("50593");
        order.Code!.Extension.Add(new Extension("http://example.org/fhir/procedure-modifier", new CodeableConcept(CodeSystems.Hcpcs, "RT")));

        Assert.Equal(DeterminationOutcome.Covered, Engine.Single(TumorsOnBothKidneys(), order).Outcome);
    }

    [Fact]
    public void A_laterality_qualifier_on_an_observation_body_site_ties_the_size_to_that_side()
    {
        var record = NotCandidate().Condition("C64.1").Condition("C64.2").NoSpread()
            .Observation(CodeSystems.Loinc, "21889-1", new Quantity { Value = 6, Code = "cm", Unit = "cm" }, 5,
                configure: o => o.BodySite = SideQualified(KidneyStructure, LeftQualifier));

        var result = Engine.Single(record, Orders.For("50593", bodySite: Orders.LeftKidney));

        Assert.Equal(CriterionStatus.NotMet, result.StatusOf("tumor-size"));
    }

    // ---- tumour size -----------------------------------------------------------------------------------------

    [Theory]
    [InlineData(ObservationStatus.Amended)]
    [InlineData(ObservationStatus.Corrected)]
    public void An_amended_or_corrected_size_counts(ObservationStatus status) =>
        Assert.Equal(CriterionStatus.NotMet,
            Engine.Single(NotCandidate().Condition("C64.1").NoSpread().TumorSize(5m, "cm", status: status), "50593").StatusOf("tumor-size"));

    [Theory]
    [InlineData(ObservationStatus.Cancelled)]
    [InlineData(ObservationStatus.EnteredInError)]
    [InlineData(ObservationStatus.Registered)]
    public void A_size_that_is_not_final_is_not_used(ObservationStatus status) =>
        Assert.Equal(CriterionStatus.Unknown,
            Engine.Single(NotCandidate().Condition("C64.1").NoSpread().TumorSize(5m, "cm", status: status), "50593").StatusOf("tumor-size"));

    [Fact]
    public void A_size_component_with_a_data_absent_reason_is_not_read()
    {
        var record = NotCandidate().Condition("C64.1").NoSpread().Observation(CodeSystems.Loinc, "21889-1", null, 5, configure: o =>
            o.Component.Add(new Observation.ComponentComponent
            {
                Code = new CodeableConcept(CodeSystems.Loinc, "33728-7"),
                DataAbsentReason = new CodeableConcept("http://terminology.hl7.org/CodeSystem/data-absent-reason", "error"),
                Value = new Quantity { Value = 3, Code = "cm", Unit = "cm" },
            }));

        Assert.Equal(CriterionStatus.Unknown, Engine.Single(record, "50593").StatusOf("tumor-size"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_size_dated_only_by_effective_period_end_or_by_issued_is_read(bool period)
    {
        var record = NotCandidate().Condition("C64.1").NoSpread().TumorSize(5m, "cm");
        var built = record.Build();
        var size = Assert.Single(built.Observations, o => o.Code.Coding[0].Code == "21889-1");
        size.Effective = period ? new Period { Start = RecordBuilder.DaysBefore(9), End = RecordBuilder.DaysBefore(8) } : null;
        size.Issued = period ? null : new DateTimeOffset(RecordBuilder.OrderDate.AddDays(-8).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

        Assert.Equal(CriterionStatus.NotMet, Single(built, Orders.For("50593")).StatusOf("tumor-size"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_size_with_a_comparator_is_not_read_as_string_or_quantity(bool asString)
    {
        DataType value = asString
            ? new FhirString("<3 cm")
            : new Quantity { Value = 3, Code = "cm", Unit = "cm", Comparator = Quantity.QuantityComparator.LessThan };
        var record = NotCandidate().Condition("C64.1").NoSpread().Observation(CodeSystems.Loinc, "21889-1", value, 5);

        Assert.Equal(CriterionStatus.Unknown, Engine.Single(record, "50593").StatusOf("tumor-size"));
    }

    [Fact]
    public void A_size_measured_after_the_order_date_is_not_used()
    {
        var result = Engine.Single(NotCandidate().Condition("C64.1").NoSpread().TumorSize(3m, "cm", daysBefore: -3), "50593");

        Assert.Equal(["tumor-size"], result.MissingCodes());
    }

    [Fact]
    public void Of_several_sizes_on_one_day_the_largest_decides() =>
        Assert.Equal(DeterminationOutcome.CriteriaNotMet,
            Engine.Single(NotCandidate().Condition("C64.1").NoSpread().TumorSize(3m, "cm", daysBefore: 5).TumorSize(5m, "cm", daysBefore: 5), "50593").Outcome);

    [Fact]
    public void A_size_that_is_a_member_of_a_panel_focused_on_the_tumor_counts_for_it()
    {
        var record = NotCandidate().Condition("C64.1", id: "right").Condition("C64.2", id: "left").NoSpread(focus: "right")
            .Observation(CodeSystems.Loinc, "21889-1", new Quantity { Value = 3, Code = "cm", Unit = "cm" }, 5, configure: o => o.Id = "size")
            .Observation(CodeSystems.Loinc, "72230-6", null, 5, configure: o =>
            {
                o.Focus.Add(new ResourceReference("Condition/right"));
                o.HasMember.Add(new ResourceReference("Observation/size"));
            });

        Assert.Equal(DeterminationOutcome.Covered, Engine.Single(record, Orders.For("50593", bodySite: Orders.RightKidney)).Outcome);
    }

    // ---- staging ---------------------------------------------------------------------------------------------

    /// <summary>Each observation code of each axis, alone, with a value that means "not localized".</summary>
    [Theory]
    [InlineData(CodeSystems.Loinc, "21902-2", CodeSystems.AjccStaging, "3")] // pathologic stage group
    [InlineData(CodeSystems.Loinc, "21914-7", CodeSystems.AjccStaging, "3")] // other stage group
    [InlineData(CodeSystems.Snomed, "399588009", CodeSystems.AjccStaging, "3")] // pathologic TNM stage grouping
    [InlineData(CodeSystems.Loinc, "21899-0", CodeSystems.Snomed, "1228938002")] // pT, value cT3
    [InlineData(CodeSystems.Snomed, "399504009", CodeSystems.Snomed, "1228938002")] // cT category
    [InlineData(CodeSystems.Snomed, "384625004", CodeSystems.Snomed, "1228938002")] // pT category
    [InlineData(CodeSystems.Loinc, "21900-6", CodeSystems.Snomed, "1229973008")] // pN, value cN1
    [InlineData(CodeSystems.Snomed, "399534004", CodeSystems.Snomed, "1229973008")] // cN category
    [InlineData(CodeSystems.Snomed, "371494008", CodeSystems.Snomed, "1229973008")] // pN category
    [InlineData(CodeSystems.Loinc, "21901-4", CodeSystems.Snomed, "1229903009")] // pM, value cM1
    [InlineData(CodeSystems.Snomed, "399387003", CodeSystems.Snomed, "1229903009")] // cM category
    [InlineData(CodeSystems.Snomed, "371497001", CodeSystems.Snomed, "1229903009")] // pM category
    public void Every_staging_observation_code_of_every_axis_is_read(string codeSystem, string code, string valueSystem, string value)
    {
        var record = NotCandidate().Condition("C64.1").TumorSize(3m, "cm").Staging(code, valueSystem, value, observationSystem: codeSystem);

        Assert.Equal(CriterionStatus.NotMet, Engine.Single(record, "50593").StatusOf("localized"));
    }

    [Fact]
    public void Staging_observations_are_tied_to_a_side_by_their_body_site()
    {
        var record = NotCandidate().Condition("C64.1", id: "right").Condition("C64.2", id: "left").TumorSize(3m, "cm", focus: "right")
            .Observation(CodeSystems.Loinc, "21906-3", new CodeableConcept(CodeSystems.Snomed, "1229967007"), 7,
                configure: o => o.BodySite = new CodeableConcept(CodeSystems.Snomed, Orders.RightKidney))
            .Observation(CodeSystems.Loinc, "21907-1", new CodeableConcept(CodeSystems.Snomed, "1229901006"), 7,
                configure: o => o.BodySite = new CodeableConcept(CodeSystems.Snomed, Orders.RightKidney))
            .Observation(CodeSystems.Loinc, "21907-1", new CodeableConcept(CodeSystems.Snomed, "1229903009"), 3,
                configure: o => o.BodySite = new CodeableConcept(CodeSystems.Snomed, Orders.LeftKidney));

        Assert.Equal(DeterminationOutcome.Covered, Engine.Single(record, Orders.For("50593", bodySite: Orders.RightKidney)).Outcome);
        Assert.Equal(CriterionStatus.NotMet, Engine.Single(record, Orders.For("50593", bodySite: Orders.LeftKidney)).StatusOf("localized"));
    }

    [Fact]
    public void Untied_t_n_m_members_of_a_stage_group_panel_focused_on_the_tumor_count_for_it()
    {
        var record = NotCandidate().Condition("C64.1", id: "right").Condition("C64.2", id: "left").TumorSize(3m, "cm", focus: "right")
            .Observation(CodeSystems.Loinc, "21906-3", new CodeableConcept(CodeSystems.Snomed, "1229967007"), 7, configure: o => o.Id = "n0")
            .Observation(CodeSystems.Loinc, "21907-1", new CodeableConcept(CodeSystems.Snomed, "1229901006"), 7, configure: o => o.Id = "m0")
            .Observation(CodeSystems.Loinc, "21908-9", null, 7, configure: o =>
            {
                o.Focus.Add(new ResourceReference("Condition/right"));
                o.HasMember.Add(new ResourceReference("Observation/n0"));
                o.HasMember.Add(new ResourceReference("Observation/m0"));
            });

        Assert.Equal(CriterionStatus.Met, Engine.Single(record, Orders.For("50593", bodySite: Orders.RightKidney)).StatusOf("localized"));
    }

    [Fact]
    public void A_stage_group_given_as_a_value_string_is_read() =>
        Assert.Equal(CriterionStatus.NotMet,
            Engine.Single(NotCandidate().Condition("C64.1").TumorSize(3m, "cm").Observation(CodeSystems.Loinc, "21908-9", new FhirString("Stage III"), 7), "50593")
                .StatusOf("localized"));

    [Theory]
    [InlineData("1A", DeterminationOutcome.Covered)]
    [InlineData("3A", DeterminationOutcome.Investigational)]
    public void A_coded_stage_summary_on_the_condition_is_read_as_mcode_and_synthea_write_it(string stage, DeterminationOutcome expected)
    {
        var record = NotCandidate().Condition("C34.11", configure: c =>
        {
            c.Code!.Coding.Add(new Coding(CodeSystems.Snomed, "254637007"));
            c.Stage.Add(new Condition.StageComponent { Summary = new CodeableConcept(CodeSystems.AjccStaging, stage) });
        });

        Assert.Equal(expected, Engine.Single(record, "32994").Outcome);
    }

    /// <summary>M0 and M1 recorded the same day: the data does not decide, whatever their order in the Bundle.</summary>
    [Fact(Skip = "gap: of two values of one staging axis on the same day the later one in the record wins, so M1 then M0 is covered and M0 then M1 not covered; fixing it is in src/ (StagingExtractor.Assess)")]
    public void Conflicting_same_day_values_of_one_axis_do_not_decide_by_their_order()
    {
        RecordBuilder Record(params string[] mValues)
        {
            var record = NotCandidate().Condition("C64.1").TumorSize(3m, "cm").Staging("21906-3", CodeSystems.Snomed, "1229967007");
            foreach (var m in mValues) record.Staging("21907-1", CodeSystems.Snomed, m);
            return record;
        }

        var m1First = Engine.Single(Record("1229903009", "1229901006"), "50593");
        var m0First = Engine.Single(Record("1229901006", "1229903009"), "50593");

        Assert.Equal((DeterminationOutcome.NeedsInformation, DeterminationOutcome.NeedsInformation), (m1First.Outcome, m0First.Outcome));
        Assert.Contains("staging", m1First.MissingCodes());
    }

    [Fact]
    public void A_preliminary_staging_observation_is_not_used()
    {
        var record = NotCandidate().Condition("C64.1").TumorSize(3m, "cm")
            .Observation(CodeSystems.Loinc, "21907-1", new CodeableConcept(CodeSystems.Snomed, "1229903009"), 7, ObservationStatus.Preliminary);

        Assert.Equal(CriterionStatus.Unknown, Engine.Single(record, "50593").StatusOf("localized"));
    }

    // ---- metastasis ------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("94222008")] // secondary malignant neoplasm of bone
    [InlineData("128462008")] // secondary malignant neoplastic disease
    public void A_snomed_secondary_malignancy_means_not_localized(string snomed) =>
        Assert.Equal(DeterminationOutcome.CriteriaNotMet, Engine.Single(CoveredKidney().Condition(snomed, CodeSystems.Snomed), "50593").Outcome);

    [Fact]
    public void A_resolved_metastasis_does_not_count() =>
        Assert.Equal(DeterminationOutcome.Covered, Engine.Single(CoveredKidney().Condition("C79.51", clinicalStatus: "resolved"), "50593").Outcome);

    // ---- eGFR and CKD ----------------------------------------------------------------------------------------

    [Theory]
    [InlineData("98980-6")]
    [InlineData("62238-1")]
    [InlineData("88294-4")]
    [InlineData("88293-6")]
    [InlineData("33914-3")]
    [InlineData("48643-1")]
    [InlineData("50044-7")]
    [InlineData("70969-1")]
    [InlineData("77147-7")]
    [InlineData("76633-7")]
    [InlineData("69405-9")]
    [InlineData("50210-4")]
    [InlineData("94677-2")]
    public void Every_listed_egfr_loinc_code_is_read(string loinc) =>
        Assert.Equal(CriterionStatus.Met, Engine.Single(NeedsKidneyFunction().Egfr(45, loinc: loinc), "50593").StatusOf("renal-insufficiency"));

    [Fact]
    public void A_pediatric_egfr_counts_and_is_flagged()
    {
        var result = Engine.Single(NeedsKidneyFunction().Egfr(45, loinc: "50384-7"), "50593");

        Assert.Equal(CriterionStatus.Met, result.StatusOf("renal-insufficiency"));
        Assert.Contains(result.Notes, n => n.Contains("pediatric", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(ObservationStatus.Amended)]
    [InlineData(ObservationStatus.Corrected)]
    public void An_amended_or_corrected_egfr_counts(ObservationStatus status) =>
        Assert.Equal(CriterionStatus.Met, Engine.Single(NeedsKidneyFunction().Egfr(45, status: status), "50593").StatusOf("renal-insufficiency"));

    [Theory]
    [InlineData("effectivePeriod")]
    [InlineData("effectiveInstant")]
    [InlineData("issued")]
    public void An_egfr_dated_only_by_effective_period_end_instant_or_issued_is_read(string dateElement)
    {
        var built = NeedsKidneyFunction().Egfr(45).Build();
        var egfr = Assert.Single(built.Observations, o => o.Code.Coding[0].Code == "98979-8");
        var tenDaysBefore = new DateTimeOffset(RecordBuilder.OrderDate.AddDays(-10).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        egfr.Effective = dateElement switch
        {
            "effectivePeriod" => new Period { Start = RecordBuilder.DaysBefore(11), End = RecordBuilder.DaysBefore(10) },
            "effectiveInstant" => new Instant(tenDaysBefore),
            _ => null,
        };
        egfr.Issued = dateElement == "issued" ? tenDaysBefore : null;

        Assert.Equal(CriterionStatus.Met, Single(built, Orders.For("50593")).StatusOf("renal-insufficiency"));
    }

    [Theory]
    [InlineData(CodeSystems.Icd10Cm, "N18.6")]
    [InlineData(CodeSystems.Icd10Cm, "Z99.2")]
    [InlineData(CodeSystems.Icd10Cm, "I12.0")]
    [InlineData(CodeSystems.Icd10Cm, "I13.11")]
    [InlineData(CodeSystems.Snomed, "433144002")] // CKD stage 3
    [InlineData(CodeSystems.Snomed, "46177005")] // end-stage renal disease
    public void Coded_ckd_stage_3_to_5_in_each_listed_form_is_renal_insufficiency(string system, string code) =>
        Assert.Equal(CriterionStatus.Met, Engine.Single(NeedsKidneyFunction().Condition(code, system), "50593").StatusOf("renal-insufficiency"));

    [Theory]
    [InlineData(EventStatus.InProgress, CriterionStatus.Met)]
    [InlineData(EventStatus.NotDone, CriterionStatus.Unknown)]
    [InlineData(EventStatus.EnteredInError, CriterionStatus.Unknown)]
    [InlineData(EventStatus.Preparation, CriterionStatus.Unknown)]
    public void Dialysis_counts_only_when_completed_or_in_progress(EventStatus status, CriterionStatus expected) =>
        Assert.Equal(expected,
            Engine.Single(NeedsKidneyFunction().ProcedureCoded(CodeSystems.Cpt, "90935", daysBefore: 20, status: status), "50593").StatusOf("renal-insufficiency"));

    // ---- one kidney ------------------------------------------------------------------------------------------

    [Fact]
    public void Unilateral_renal_agenesis_q60_0_is_one_kidney() =>
        Assert.Equal(CriterionStatus.Met,
            Engine.Single(NeedsKidneyFunction().Condition("Q60.0"), "50593").StatusOf("single-kidney"));

    [Theory]
    [InlineData(EventStatus.InProgress)]
    [InlineData(EventStatus.NotDone)]
    [InlineData(EventStatus.EnteredInError)]
    [InlineData(EventStatus.Stopped)]
    public void A_nephrectomy_that_was_not_completed_is_not_one_kidney(EventStatus status) =>
        Assert.Equal(CriterionStatus.NotMet,
            Engine.Single(NeedsKidneyFunction().Egfr(80).Procedure("50230", status), "50593").StatusOf("single-kidney"));

    // ---- surgical candidacy, resection effect, airway ----------------------------------------------------------

    [Fact]
    public void A_procedure_contraindicated_observation_valued_false_does_not_count()
    {
        var record = new RecordBuilder().Condition("C64.1").TumorSize(3m, "cm").NoSpread().Egfr(80)
            .Observation(CodeSystems.Snomed, "183932001", new FhirBoolean(false), 3);

        Assert.Equal(["surgical-candidacy"], Engine.Single(record, "50593").MissingCodes());
    }

    [Theory]
    [InlineData(ObservationStatus.Preliminary)]
    [InlineData(ObservationStatus.EnteredInError)]
    public void An_attestation_that_is_not_final_is_not_used(ObservationStatus status)
    {
        var record = new RecordBuilder().Condition("C64.1").TumorSize(3m, "cm").NoSpread().Egfr(80)
            .Observation(CodeSystems.Attestation, AttestationCodes.NotSurgicalCandidate, new FhirBoolean(true), 1, status);

        Assert.Equal(["surgical-candidacy"], Engine.Single(record, "50593").MissingCodes());
    }

    /// <summary>"Is a candidate" and "is not a candidate" attested the same day: the data does not decide.</summary>
    [Fact(Skip = "gap: same-day surgical-candidate=true and not-surgical-candidate=true always resolve to 'not a candidate' (covered); fixing it is in src/ (SurgicalCandidacyExtractor.Extract)")]
    public void Contradicting_candidacy_attestations_of_one_day_ask_for_candidacy()
    {
        var record = new RecordBuilder().Condition("C64.1").TumorSize(3m, "cm").NoSpread().Egfr(80)
            .Attestation(AttestationCodes.NotSurgicalCandidate, true)
            .Attestation(AttestationCodes.SurgicalCandidate, true);

        var result = Engine.Single(record, "50593");

        Assert.Equal(DeterminationOutcome.NeedsInformation, result.Outcome);
        Assert.Contains("surgical-candidacy", result.MissingCodes());
    }

    [Fact]
    public void The_latest_resection_effect_attestation_wins()
    {
        var record = new RecordBuilder().Condition("C64.1").TumorSize(3m, "cm").NoSpread().Egfr(45)
            .Attestation(AttestationCodes.SurgicalCandidate, true)
            .Attestation(AttestationCodes.ResectionWorsensKidneyFunction, true, daysBefore: 20)
            .Attestation(AttestationCodes.ResectionWorsensKidneyFunction, false, daysBefore: 2);

        Assert.Equal(DeterminationOutcome.Investigational, Engine.Single(record, "50593").Outcome);
    }

    /// <summary>"Resection would worsen kidney function" true and false the same day: the data does not decide.</summary>
    [Fact(Skip = "gap: of two same-day resection-worsens-kidney-function attestations the later one in the record wins (true last: covered, false last: not covered); fixing it is in src/ (AttestationReader.Latest)")]
    public void Contradicting_resection_effect_attestations_of_one_day_do_not_decide_by_their_order()
    {
        RecordBuilder Record(bool lastValue) => new RecordBuilder().Condition("C64.1").TumorSize(3m, "cm").NoSpread().Egfr(45)
            .Attestation(AttestationCodes.SurgicalCandidate, true)
            .Attestation(AttestationCodes.ResectionWorsensKidneyFunction, !lastValue)
            .Attestation(AttestationCodes.ResectionWorsensKidneyFunction, lastValue);

        var trueLast = Engine.Single(Record(true), "50593");
        var falseLast = Engine.Single(Record(false), "50593");

        Assert.Equal((DeterminationOutcome.NeedsInformation, DeterminationOutcome.NeedsInformation), (trueLast.Outcome, falseLast.Outcome));
        Assert.Contains("resection-worsens-kidney-function", trueLast.MissingCodes());
    }

    [Fact]
    public void An_airway_obstruction_condition_is_shown_but_does_not_decide()
    {
        var result = Engine.Single(new RecordBuilder().Condition("C34.01").Condition("J98.09"), "32994");

        Assert.Equal(CriterionStatus.Unknown, result.StatusOf("central-airway-obstruction"));
        Assert.Contains(Assert.Single(result.Criteria, c => c.Id == "central-airway-obstruction").Evidence, e => e.Summary.StartsWith("J98.09", StringComparison.Ordinal));
        Assert.Contains("central-airway-obstruction", result.MissingCodes());
    }

    // ---- care setting ----------------------------------------------------------------------------------------

    [Theory]
    [InlineData(CodeSystems.ActCode, "SS", CareSetting.Outpatient)]
    [InlineData(CodeSystems.ActCode, "HH", CareSetting.Outpatient)]
    [InlineData(CodeSystems.ActCode, "VR", CareSetting.Outpatient)]
    [InlineData("urn:oid:2.16.840.1.113883.5.4", "IMP", CareSetting.Inpatient)]
    [InlineData("http://terminology.hl7.org/CodeSystem/v2-0004", "I", CareSetting.Unknown)] // HL7 v2 patient class: not read
    public void The_encounter_class_decides_the_setting_by_its_system_and_code(string system, string code, CareSetting expected)
    {
        var record = CoveredKidney().Build() with
        {
            Encounter = new Encounter { Id = "enc", Status = Encounter.EncounterStatus.InProgress, Class = new Coding(system, code) },
        };

        Assert.Equal(expected, Single(record, Orders.For("50593")).Setting);
    }

    // ---- date of service and the order -----------------------------------------------------------------------

    [Fact]
    public void An_occurrence_timing_names_no_date_so_authored_on_decides()
    {
        var order = new ServiceRequest { Occurrence = new Timing { EventElement = [new FhirDateTime("2026-12-01")] }, AuthoredOn = "2026-11-20" };

        Assert.Equal(new ServiceDate(new DateOnly(2026, 11, 20), ServiceDateSource.AuthoredOn), ServiceDate.Of(order, new DateOnly(2026, 12, 2)));
    }

    [Fact]
    public void The_egfr_window_is_counted_back_from_the_occurrence_not_from_authored_on()
    {
        var order = Orders.For("50593");
        order.Occurrence = new FhirDateTime(RecordBuilder.OrderDate.AddDays(100).ToString("yyyy-MM-dd"));

        var result = Engine.Single(NeedsKidneyFunction().Egfr(45, daysBefore: 10), order);

        Assert.Equal(["egfr"], result.MissingCodes());
    }

    [Fact]
    public void The_policy_code_is_found_among_other_codings_of_the_order()
    {
        var order = Orders.For("50593");
        order.Code = new CodeableConcept { Coding = [new Coding("urn:oid:1.2.840.114350.1.13.0.1.7.2.696580", "IMG1234"), new Coding(CodeSystems.Cpt, "50593")] };

        var result = Engine.Single(CoveredKidney(), order);

        Assert.Equal(("50593", DeterminationOutcome.Covered), (result.CptCode, result.Outcome));
    }
}
