using CryoCdsHooks.PolicyEngine.Terminology;
using CryoCdsHooks.PolicyEngine.Tests.TestData;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Tests;

/// <summary>
/// DiagnosticReports as evidence: conclusion as histology, results dated by their report (issue 22 point 1).
/// </summary>
public class ReportEvidenceTests
{
    private const string StageGroup = "21908-9";
    private static readonly Coding NsclcDisorder = new(CodeSystems.Snomed, "254637007", "Non-small cell lung cancer");
    private static readonly Coding SclcDisorder = new(CodeSystems.Snomed, "254632001", "Small cell carcinoma of lung");
    private static readonly Coding Adenocarcinoma = new(CodeSystems.IcdO3, "8140/3", "Adenocarcinoma, NOS");
    private static readonly Coding KidneyUrothelial = new(
        CodeSystems.Snomed,
        "408642003",
        "Transitional cell carcinoma of kidney"
    );

    /// <summary>
    /// A C34 tumour with nothing but its site on the problem list: stage IA, not a surgical candidate.
    /// </summary>
    private static RecordBuilder LungWithoutHistology(Action<Condition>? configure = null) =>
        new RecordBuilder()
            .Condition("C34.11", id: "lung-1", configure: configure)
            .Staging(StageGroup, CodeSystems.AjccStaging, "1A")
            .Attestation(AttestationCodes.NotSurgicalCandidate, true);

    /// <summary>A localized C64 tumour, not a surgical candidate; the size is up to each test.</summary>
    private static RecordBuilder KidneyWithoutSize(Action<Condition>? configure = null) =>
        new RecordBuilder()
            .Condition("C64.1", id: "kidney-1", configure: configure)
            .NoSpread(focus: "kidney-1")
            .Attestation(AttestationCodes.NotSurgicalCandidate, true);

    private static void Cites(Condition condition, string reportId) =>
        condition.Evidence.Add(
            new Condition.EvidenceComponent { Detail = [new ResourceReference($"DiagnosticReport/{reportId}")] }
        );

    [Fact]
    public void A_c34_tumour_without_histology_asks_for_it()
    {
        var result = Engine.Single(LungWithoutHistology(), "32994");

        Assert.Equal(DeterminationOutcome.NeedsInformation, result.Outcome);
        Assert.Contains("histology", result.MissingCodes());
    }

    [Fact]
    public void A_final_pathology_report_concluding_nsclc_gives_the_only_c34_tumour_its_histology()
    {
        var result = Engine.Single(LungWithoutHistology().Report("path-1", [NsclcDisorder]), "32994");

        Assert.Equal(DeterminationOutcome.Covered, result.Outcome);
        Assert.Contains(result.Criteria.Single(c => c.Id == "non-small-cell-histology").Evidence, e =>
            e.ResourceReference == "DiagnosticReport/path-1"
        );
    }

    [Theory]
    [InlineData(DiagnosticReport.DiagnosticReportStatus.Final, true)]
    [InlineData(DiagnosticReport.DiagnosticReportStatus.Amended, true)]
    [InlineData(DiagnosticReport.DiagnosticReportStatus.Corrected, true)]
    [InlineData(DiagnosticReport.DiagnosticReportStatus.Appended, true)]
    [InlineData(DiagnosticReport.DiagnosticReportStatus.Preliminary, false)]
    [InlineData(DiagnosticReport.DiagnosticReportStatus.Registered, false)]
    [InlineData(DiagnosticReport.DiagnosticReportStatus.Partial, false)]
    [InlineData(DiagnosticReport.DiagnosticReportStatus.Cancelled, false)]
    [InlineData(DiagnosticReport.DiagnosticReportStatus.EnteredInError, false)]
    [InlineData(DiagnosticReport.DiagnosticReportStatus.Unknown, false)]
    public void Only_a_final_amended_corrected_or_appended_report_is_evidence(
        DiagnosticReport.DiagnosticReportStatus status,
        bool counts
    )
    {
        var result = Engine.Single(LungWithoutHistology().Report("path-1", [NsclcDisorder], status), "32994");

        Assert.Equal(counts ? DeterminationOutcome.Covered : DeterminationOutcome.NeedsInformation, result.Outcome);
    }

    [Theory]
    [InlineData("Patient/someone-else")]
    [InlineData("Group/cohort-1")]
    public void A_report_about_another_subject_is_not_the_patients_evidence(string subject)
    {
        var result = Engine.Single(LungWithoutHistology().Report("path-1", [NsclcDisorder], subject: subject), "32994");

        Assert.Equal(DeterminationOutcome.NeedsInformation, result.Outcome);
        Assert.Contains("histology", result.MissingCodes());
    }

    [Fact]
    public void A_report_concluding_small_cell_makes_the_lung_tumour_investigational()
    {
        var result = Engine.Single(LungWithoutHistology().Report("path-1", [SclcDisorder]), "32994");

        Assert.Equal(DeterminationOutcome.Investigational, result.Outcome);
    }

    [Fact]
    public void A_morphology_alone_speaks_for_the_tumour_only_when_its_condition_cites_the_report()
    {
        // 8140/3 names no organ: untied it may be another primary's (a colon adenocarcinoma), so it is not read.
        var untied = Engine.Single(LungWithoutHistology().Report("path-1", [Adenocarcinoma]), "32994");
        var tied = Engine.Single(
            LungWithoutHistology(c => Cites(c, "path-1")).Report("path-1", [Adenocarcinoma]),
            "32994"
        );

        Assert.Equal(DeterminationOutcome.NeedsInformation, untied.Outcome);
        Assert.Equal(DeterminationOutcome.Covered, tied.Outcome);
    }

    [Fact]
    public void A_report_named_as_the_tumours_stage_assessment_is_tied_to_it()
    {
        var record = LungWithoutHistology(c =>
                c.Stage.Add(
                    new Condition.StageComponent { Assessment = [new ResourceReference("DiagnosticReport/path-1")] }
                )
            )
            .Report("path-1", [Adenocarcinoma]);

        Assert.Equal(DeterminationOutcome.Covered, Engine.Single(record, "32994").Outcome);
    }

    [Fact]
    public void A_report_tied_to_another_lung_tumour_is_not_read_as_untied()
    {
        var record = LungWithoutHistology()
            .Condition("C34.12", id: "lung-left", configure: c => Cites(c, "path-1"))
            .Report("path-1", [NsclcDisorder]);

        var result = Engine.Single(record, Orders.For("32994", reasonConditionId: "lung-1"));

        Assert.Contains("histology", result.MissingCodes());
    }

    [Fact]
    public void A_c64_tumour_also_coded_with_a_snomed_non_rcc_disorder_is_investigational()
    {
        var record = KidneyWithoutSize(c => c.Code!.Coding.Add(KidneyUrothelial)).TumorSize(3m, "cm");

        var result = Engine.Single(record, "50593");

        Assert.Equal(DeterminationOutcome.Investigational, result.Outcome);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_report_concluding_a_non_rcc_kidney_tumour_makes_the_c64_tumour_investigational(
        bool citedByTheCondition
    )
    {
        var record = KidneyWithoutSize(c =>
            {
                if (citedByTheCondition)
                    Cites(c, "path-k");
            })
            .TumorSize(3m, "cm")
            .Report("path-k", [KidneyUrothelial]);

        var result = Engine.Single(record, "50593");

        Assert.Equal(DeterminationOutcome.Investigational, result.Outcome);
        Assert.Contains(result.Criteria.SelectMany(c => c.Evidence), e =>
            e.ResourceReference == "DiagnosticReport/path-k"
        );
    }

    [Fact]
    public void A_size_result_without_a_date_takes_its_reports_date()
    {
        var undated = KidneyWithoutSize()
            .Observation(CodeSystems.Loinc, "21889-1", Centimetres(3.1m), 0, configure: o =>
            {
                o.Id = "size-1";
                o.Effective = null;
            });

        var alone = Engine.Single(undated, "50593");
        var inReport = Engine.Single(
            undated.Report("ct-1", [], daysBefore: 12, configure: r =>
                r.Result.Add(new ResourceReference("Observation/size-1"))
            ),
            "50593"
        );

        Assert.Contains("tumor-size", alone.MissingCodes());
        Assert.Equal(DeterminationOutcome.Covered, inReport.Outcome);
        Assert.Equal(
            new DateTimeOffset(RecordBuilder.OrderDate.AddDays(-12).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
            Assert.Single(inReport.Criteria.Single(c => c.Id == "tumor-size").Evidence).Date
        );
    }

    [Fact]
    public void A_size_derived_from_a_report_takes_its_date_and_its_tie()
    {
        var record = KidneyWithoutSize(c => Cites(c, "ct-1"))
            .Condition("C64.2", id: "kidney-left")
            .Observation(CodeSystems.Loinc, "21889-1", Centimetres(3.1m), 0, configure: o =>
            {
                o.Effective = null;
                o.DerivedFrom.Add(new ResourceReference("DiagnosticReport/ct-1"));
            })
            .Report("ct-1", []);

        var result = Engine.Single(record, Orders.For("50593", bodySite: Orders.RightKidney));

        Assert.Equal(DeterminationOutcome.Covered, result.Outcome);
    }

    [Theory]
    [InlineData(false, DeterminationOutcome.Covered)]
    [InlineData(true, DeterminationOutcome.NeedsInformation)]
    public void A_size_in_a_report_cited_by_another_tumours_condition_is_not_this_tumours(
        bool citedByTheOldTumour,
        DeterminationOutcome expected
    )
    {
        // The treated tumour is the only current one, so an untied size would count; the report says whose it is.
        var record = KidneyWithoutSize()
            .Condition("C64.2", id: "kidney-old", clinicalStatus: "resolved", configure: c =>
            {
                if (citedByTheOldTumour)
                    Cites(c, "ct-old");
            })
            .Observation(CodeSystems.Loinc, "21889-1", Centimetres(3.1m), 2, configure: o => o.Id = "size-old")
            .Report("ct-old", [], configure: r => r.Result.Add(new ResourceReference("Observation/size-old")));

        var result = Engine.Single(record, Orders.For("50593", reasonConditionId: "kidney-1"));

        Assert.Equal(expected, result.Outcome);
    }

    [Fact]
    public void Two_different_reports_with_one_id_are_neither_used()
    {
        var record = LungWithoutHistology().Report("path-1", [NsclcDisorder]).Report("path-1", [SclcDisorder]);

        var result = Engine.Single(record, "32994");

        Assert.Contains("histology", result.MissingCodes());
        Assert.Contains(result.Notes, n => n.StartsWith("DiagnosticReport/path-1", StringComparison.Ordinal));
    }

    [Fact]
    public void The_reference_resolver_knows_reports()
    {
        var record = LungWithoutHistology().Report("path-1", [NsclcDisorder]).Build();

        Assert.Same(record.DiagnosticReports[0], record.References.Resolve("DiagnosticReport/path-1", null));
    }

    private static Quantity Centimetres(decimal value) =>
        new()
        {
            Value = value,
            Unit = "cm",
            Code = "cm",
            System = CodeSystems.Ucum,
        };
}
