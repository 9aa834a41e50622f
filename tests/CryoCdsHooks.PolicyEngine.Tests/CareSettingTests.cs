using CryoCdsHooks.PolicyEngine.Terminology;
using CryoCdsHooks.PolicyEngine.Tests.TestData;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Tests;

/// <summary>Point 2 of issue 22: the care setting is read from the whole Encounter, not its class alone.</summary>
public class CareSettingTests
{
    private const string Dispositions = "http://terminology.hl7.org/CodeSystem/discharge-disposition";

    private static RecordBuilder CoveredKidney() =>
        new RecordBuilder()
            .Condition("C64.1")
            .TumorSize(3m, "cm")
            .NoSpread()
            .Attestation(AttestationCodes.NotSurgicalCandidate, true);

    private static CoverageDetermination Covered(PatientRecord record)
    {
        var result = Assert.Single(
            Engine.Instance.Evaluate([Orders.For("50593")], [Orders.For("50593")], record, RecordBuilder.OrderDate)
        );
        Assert.Equal(DeterminationOutcome.Covered, result.Outcome);
        return result;
    }

    private static CoverageDetermination Covered(string classCode, Action<Encounter> configure) =>
        Covered(CoveredKidney().InEncounter(classCode, configure).Build());

    [Theory]
    [InlineData("IMP", Encounter.EncounterStatus.Cancelled)]
    [InlineData("IMP", Encounter.EncounterStatus.EnteredInError)]
    [InlineData("AMB", Encounter.EncounterStatus.Cancelled)]
    public void Cancelled_or_erroneous_encounter_says_nothing_about_the_setting(
        string classCode,
        Encounter.EncounterStatus status
    )
    {
        var result = Covered(classCode, e => e.Status = status);

        Assert.Equal(CareSetting.Unknown, result.Setting);
        Assert.Equal(PriorAuthorization.Conditional, result.PriorAuthorization);
        Assert.Contains(result.Notes, n =>
            n.StartsWith("Encounter/enc-1 is ", StringComparison.Ordinal)
            && n.Contains("says nothing about the care setting")
        );
    }

    [Theory]
    [InlineData("IMP", PriorAuthorization.Required)]
    [InlineData("AMB", PriorAuthorization.NotRequired)]
    public void Planned_encounter_counts_for_the_planned_setting(string classCode, PriorAuthorization expected) =>
        Assert.Equal(
            expected,
            Covered(classCode, e => e.Status = Encounter.EncounterStatus.Planned).PriorAuthorization
        );

    [Fact]
    public void Emergency_visit_with_an_admit_source_is_never_no_auth()
    {
        var result = Covered("EMER", e =>
            e.Hospitalization = new Encounter.HospitalizationComponent
            {
                AdmitSource = new CodeableConcept("http://terminology.hl7.org/CodeSystem/admit-source", "emd"),
            }
        );

        Assert.Equal(PriorAuthorization.Conditional, result.PriorAuthorization);
        Assert.Contains(result.Notes, n => n.Contains("an admit source"));
    }

    [Theory]
    [InlineData("other-hcf", PriorAuthorization.Conditional)]
    [InlineData("hosp", PriorAuthorization.Conditional)]
    [InlineData("home", PriorAuthorization.NotRequired)]
    [InlineData("aadvice", PriorAuthorization.NotRequired)]
    public void Emergency_visit_discharge_disposition_decides_whether_it_may_have_been_an_admission(
        string disposition,
        PriorAuthorization expected
    )
    {
        var result = Covered("EMER", e =>
            e.Hospitalization = new Encounter.HospitalizationComponent
            {
                DischargeDisposition = new CodeableConcept(Dispositions, disposition),
            }
        );

        Assert.Equal(expected, result.PriorAuthorization);
    }

    [Fact]
    public void Emergency_visit_part_of_an_inpatient_encounter_in_the_record_is_inpatient()
    {
        var admission = new Encounter
        {
            Id = "adm-1",
            Status = Encounter.EncounterStatus.InProgress,
            Class = new Coding(CodeSystems.ActCode, "IMP"),
        };
        var record = CoveredKidney()
            .InEncounter("EMER", e => e.PartOf = new ResourceReference("Encounter/adm-1"))
            .Build() with
        {
            Included = [admission],
        };

        var result = Covered(record);

        Assert.Equal(CareSetting.Inpatient, result.Setting);
        Assert.Equal(PriorAuthorization.Required, result.PriorAuthorization);
    }

    [Fact]
    public void Inpatient_encounter_part_of_the_emergency_visit_makes_it_an_admission()
    {
        var admission = new Encounter
        {
            Id = "adm-1",
            Status = Encounter.EncounterStatus.Planned,
            Class = new Coding(CodeSystems.ActCode, "ACUTE"),
            PartOf = new ResourceReference("Encounter/enc-1"),
        };
        var record = CoveredKidney().InEncounter("EMER").Build() with { Included = [admission] };

        Assert.Equal(PriorAuthorization.Required, Covered(record).PriorAuthorization);
    }

    [Fact]
    public void Cancelled_linked_inpatient_encounter_is_no_admission()
    {
        var admission = new Encounter
        {
            Id = "adm-1",
            Status = Encounter.EncounterStatus.Cancelled,
            Class = new Coding(CodeSystems.ActCode, "IMP"),
            PartOf = new ResourceReference("Encounter/enc-1"),
        };
        var record = CoveredKidney().InEncounter("EMER").Build() with { Included = [admission] };

        Assert.Equal(PriorAuthorization.NotRequired, Covered(record).PriorAuthorization);
    }

    [Fact]
    public void Emergency_visit_part_of_an_encounter_not_in_the_record_is_conditional()
    {
        var result = Covered("EMER", e => e.PartOf = new ResourceReference("Encounter/elsewhere"));

        Assert.Equal(CareSetting.Unknown, result.Setting);
        Assert.Equal(PriorAuthorization.Conditional, result.PriorAuthorization);
    }

    [Fact]
    public void Plain_emergency_visit_stays_outpatient() =>
        Assert.Equal(PriorAuthorization.NotRequired, Covered("EMER", _ => { }).PriorAuthorization);

    [Fact]
    public void Unknown_status_code_kept_by_a_lenient_parser_reads_as_the_class()
    {
        var result = Covered("IMP", e => e.StatusElement = new Code<Encounter.EncounterStatus> { JsonValue = "bogus" });

        Assert.Equal(PriorAuthorization.Required, result.PriorAuthorization);
    }
}
