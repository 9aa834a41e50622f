using CryoCdsHooks.PolicyEngine.Terminology;
using CryoCdsHooks.PolicyEngine.Tests.TestData;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Tests;

/// <summary>Evidence map sections 4-6: tumour size, staging, metastasis.</summary>
public partial class EvidenceMapCoverageTests
{
    // ---- tumour size -----------------------------------------------------------------------------------------

    [Theory]
    [InlineData(ObservationStatus.Amended, CriterionStatus.NotMet)]
    [InlineData(ObservationStatus.Corrected, CriterionStatus.NotMet)]
    [InlineData(ObservationStatus.Cancelled, CriterionStatus.Unknown)]
    [InlineData(ObservationStatus.EnteredInError, CriterionStatus.Unknown)]
    [InlineData(ObservationStatus.Registered, CriterionStatus.Unknown)]
    public void A_size_counts_when_amended_or_corrected_and_not_when_it_is_not_final(
        ObservationStatus status,
        CriterionStatus expected
    ) =>
        Assert.Equal(
            expected,
            Engine
                .Single(NotCandidate().Condition("C64.1").NoSpread().TumorSize(5m, "cm", status: status), "50593")
                .StatusOf("tumor-size")
        );

    [Fact]
    public void A_size_component_with_a_data_absent_reason_is_not_read()
    {
        var record = NotCandidate()
            .Condition("C64.1")
            .NoSpread()
            .Observation(CodeSystems.Loinc, "21889-1", null, 5, configure: o => o.Component.Add(
                    new Observation.ComponentComponent
                    {
                        Code = new CodeableConcept(CodeSystems.Loinc, "33728-7"),
                        DataAbsentReason = new CodeableConcept(
                            "http://terminology.hl7.org/CodeSystem/data-absent-reason",
                            "error"
                        ),
                        Value = new Quantity
                        {
                            Value = 3,
                            Code = "cm",
                            Unit = "cm",
                        },
                    }
                ));

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
        size.Effective = period
            ? new Period { Start = RecordBuilder.DaysBefore(9), End = RecordBuilder.DaysBefore(8) }
            : null;
        size.Issued = period
            ? null
            : new DateTimeOffset(RecordBuilder.OrderDate.AddDays(-8).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

        Assert.Equal(CriterionStatus.NotMet, Single(built, Orders.For("50593")).StatusOf("tumor-size"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_size_with_a_comparator_is_not_read_as_string_or_quantity(bool asString)
    {
        DataType value = asString
            ? new FhirString("<3 cm")
            : new Quantity
            {
                Value = 3,
                Code = "cm",
                Unit = "cm",
                Comparator = Quantity.QuantityComparator.LessThan,
            };
        var record = NotCandidate().Condition("C64.1").NoSpread().Observation(CodeSystems.Loinc, "21889-1", value, 5);

        Assert.Equal(CriterionStatus.Unknown, Engine.Single(record, "50593").StatusOf("tumor-size"));
    }

    [Fact]
    public void A_size_measured_after_the_order_date_is_not_used()
    {
        var result = Engine.Single(
            NotCandidate().Condition("C64.1").NoSpread().TumorSize(3m, "cm", daysBefore: -3),
            "50593"
        );

        Assert.Equal(["tumor-size"], result.MissingCodes());
    }

    [Fact]
    public void Of_several_sizes_on_one_day_the_largest_decides() =>
        Assert.Equal(
            DeterminationOutcome.CriteriaNotMet,
            Engine
                .Single(
                    NotCandidate()
                        .Condition("C64.1")
                        .NoSpread()
                        .TumorSize(3m, "cm", daysBefore: 5)
                        .TumorSize(5m, "cm", daysBefore: 5),
                    "50593"
                )
                .Outcome
        );

    [Fact]
    public void A_size_that_is_a_member_of_a_panel_focused_on_the_tumor_counts_for_it()
    {
        var record = NotCandidate()
            .Condition("C64.1", id: "right")
            .Condition("C64.2", id: "left")
            .NoSpread(focus: "right")
            .Observation(
                CodeSystems.Loinc,
                "21889-1",
                new Quantity
                {
                    Value = 3,
                    Code = "cm",
                    Unit = "cm",
                },
                5,
                configure: o => o.Id = "size"
            )
            .Observation(CodeSystems.Loinc, "72230-6", null, 5, configure: o =>
            {
                o.Focus.Add(new ResourceReference("Condition/right"));
                o.HasMember.Add(new ResourceReference("Observation/size"));
            });

        Assert.Equal(
            DeterminationOutcome.Covered,
            Engine.Single(record, Orders.For("50593", bodySite: Orders.RightKidney)).Outcome
        );
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
    public void Every_staging_observation_code_of_every_axis_is_read(
        string codeSystem,
        string code,
        string valueSystem,
        string value
    )
    {
        var record = NotCandidate()
            .Condition("C64.1")
            .TumorSize(3m, "cm")
            .Staging(code, valueSystem, value, observationSystem: codeSystem);

        Assert.Equal(CriterionStatus.NotMet, Engine.Single(record, "50593").StatusOf("localized"));
    }

    [Fact]
    public void Staging_observations_are_tied_to_a_side_by_their_body_site()
    {
        var record = NotCandidate()
            .Condition("C64.1", id: "right")
            .Condition("C64.2", id: "left")
            .TumorSize(3m, "cm", focus: "right")
            .Observation(
                CodeSystems.Loinc,
                "21906-3",
                new CodeableConcept(CodeSystems.Snomed, "1229967007"),
                7,
                configure: o => o.BodySite = new CodeableConcept(CodeSystems.Snomed, Orders.RightKidney)
            )
            .Observation(
                CodeSystems.Loinc,
                "21907-1",
                new CodeableConcept(CodeSystems.Snomed, "1229901006"),
                7,
                configure: o => o.BodySite = new CodeableConcept(CodeSystems.Snomed, Orders.RightKidney)
            )
            .Observation(
                CodeSystems.Loinc,
                "21907-1",
                new CodeableConcept(CodeSystems.Snomed, "1229903009"),
                3,
                configure: o => o.BodySite = new CodeableConcept(CodeSystems.Snomed, Orders.LeftKidney)
            );

        Assert.Equal(
            DeterminationOutcome.Covered,
            Engine.Single(record, Orders.For("50593", bodySite: Orders.RightKidney)).Outcome
        );
        Assert.Equal(
            CriterionStatus.NotMet,
            Engine.Single(record, Orders.For("50593", bodySite: Orders.LeftKidney)).StatusOf("localized")
        );
    }

    [Fact]
    public void Untied_t_n_m_members_of_a_stage_group_panel_focused_on_the_tumor_count_for_it()
    {
        var record = NotCandidate()
            .Condition("C64.1", id: "right")
            .Condition("C64.2", id: "left")
            .TumorSize(3m, "cm", focus: "right")
            .Observation(
                CodeSystems.Loinc,
                "21906-3",
                new CodeableConcept(CodeSystems.Snomed, "1229967007"),
                7,
                configure: o => o.Id = "n0"
            )
            .Observation(
                CodeSystems.Loinc,
                "21907-1",
                new CodeableConcept(CodeSystems.Snomed, "1229901006"),
                7,
                configure: o => o.Id = "m0"
            )
            .Observation(CodeSystems.Loinc, "21908-9", null, 7, configure: o =>
            {
                o.Focus.Add(new ResourceReference("Condition/right"));
                o.HasMember.Add(new ResourceReference("Observation/n0"));
                o.HasMember.Add(new ResourceReference("Observation/m0"));
            });

        Assert.Equal(
            CriterionStatus.Met,
            Engine.Single(record, Orders.For("50593", bodySite: Orders.RightKidney)).StatusOf("localized")
        );
    }

    [Fact]
    public void A_stage_group_given_as_a_value_string_is_read() =>
        Assert.Equal(
            CriterionStatus.NotMet,
            Engine
                .Single(
                    NotCandidate()
                        .Condition("C64.1")
                        .TumorSize(3m, "cm")
                        .Observation(CodeSystems.Loinc, "21908-9", new FhirString("Stage III"), 7),
                    "50593"
                )
                .StatusOf("localized")
        );

    [Theory]
    [InlineData("1A", DeterminationOutcome.Covered)]
    [InlineData("3A", DeterminationOutcome.Investigational)]
    public void A_coded_stage_summary_on_the_condition_is_read_as_mcode_and_synthea_write_it(
        string stage,
        DeterminationOutcome expected
    )
    {
        var record = NotCandidate()
            .Condition("C34.11", configure: c =>
            {
                c.Code!.Coding.Add(new Coding(CodeSystems.Snomed, "254637007"));
                c.Stage.Add(
                    new Condition.StageComponent { Summary = new CodeableConcept(CodeSystems.AjccStaging, stage) }
                );
            });

        Assert.Equal(expected, Engine.Single(record, "32994").Outcome);
    }

    /// <summary>
    /// M0 and M1 recorded the same day: the data does not decide, whatever their order in the Bundle.
    /// </summary>
    [Fact]
    public void Conflicting_same_day_values_of_one_axis_do_not_decide_by_their_order()
    {
        RecordBuilder Record(params string[] mValues)
        {
            var record = NotCandidate()
                .Condition("C64.1")
                .TumorSize(3m, "cm")
                .Staging("21906-3", CodeSystems.Snomed, "1229967007");
            foreach (var m in mValues)
                record.Staging("21907-1", CodeSystems.Snomed, m);
            return record;
        }

        var m1First = Engine.Single(Record("1229903009", "1229901006"), "50593");
        var m0First = Engine.Single(Record("1229901006", "1229903009"), "50593");

        Assert.Equal(
            (DeterminationOutcome.NeedsInformation, DeterminationOutcome.NeedsInformation),
            (m1First.Outcome, m0First.Outcome)
        );
        Assert.Contains("staging", m1First.MissingCodes());
    }

    /// <summary>
    /// A stage group no newer than the contradicting M values may rest on either; a later value decides again.
    /// </summary>
    [Theory]
    [InlineData(7, DeterminationOutcome.NeedsInformation)] // stage I the same day as M0 and M1
    [InlineData(2, DeterminationOutcome.Covered)] // stage I recorded later
    public void A_stage_group_decides_over_contradicting_same_day_values_only_when_it_is_newer(
        int groupDaysBefore,
        DeterminationOutcome expected
    )
    {
        var record = NotCandidate()
            .Condition("C64.1")
            .TumorSize(3m, "cm")
            .Staging("21907-1", CodeSystems.Snomed, "1229901006")
            .Staging("21907-1", CodeSystems.Snomed, "1229903009")
            .StagingText("21908-9", "Stage I", groupDaysBefore);

        Assert.Equal(expected, Engine.Single(record, "50593").Outcome);
    }

    [Fact]
    public void A_later_value_decides_an_axis_left_open_by_a_same_day_contradiction()
    {
        var record = NotCandidate()
            .Condition("C64.1")
            .TumorSize(3m, "cm")
            .Staging("21906-3", CodeSystems.Snomed, "1229967007")
            .Staging("21907-1", CodeSystems.Snomed, "1229901006")
            .Staging("21907-1", CodeSystems.Snomed, "1229903009")
            .Staging("21907-1", CodeSystems.Snomed, "1229903009", daysBefore: 2);

        Assert.Equal(CriterionStatus.NotMet, Engine.Single(record, "50593").StatusOf("localized"));
    }

    [Fact]
    public void A_preliminary_staging_observation_is_not_used()
    {
        var record = NotCandidate()
            .Condition("C64.1")
            .TumorSize(3m, "cm")
            .Observation(
                CodeSystems.Loinc,
                "21907-1",
                new CodeableConcept(CodeSystems.Snomed, "1229903009"),
                7,
                ObservationStatus.Preliminary
            );

        Assert.Equal(CriterionStatus.Unknown, Engine.Single(record, "50593").StatusOf("localized"));
    }

    // ---- metastasis ------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("94222008")] // secondary malignant neoplasm of bone
    [InlineData("128462008")] // secondary malignant neoplastic disease
    public void A_snomed_secondary_malignancy_means_not_localized(string snomed) =>
        Assert.Equal(
            DeterminationOutcome.CriteriaNotMet,
            Engine.Single(CoveredKidney().Condition(snomed, CodeSystems.Snomed), "50593").Outcome
        );

    [Fact]
    public void A_resolved_metastasis_does_not_count() =>
        Assert.Equal(
            DeterminationOutcome.Covered,
            Engine.Single(CoveredKidney().Condition("C79.51", clinicalStatus: "resolved"), "50593").Outcome
        );
}
