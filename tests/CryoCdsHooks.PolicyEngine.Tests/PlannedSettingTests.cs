using CryoCdsHooks.PolicyEngine.Facts;
using CryoCdsHooks.PolicyEngine.Terminology;
using CryoCdsHooks.PolicyEngine.Tests.TestData;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Tests;

/// <summary>
/// Issue 25, point 5: the place a later hook names (booked Location, dispatched-to performer) decides the care
/// setting through one table shared by every hook, ahead of the order-entry Encounter; its start is the date.
/// </summary>
public class PlannedSettingTests
{
    private const string Pos = "https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set";
    private const string CrdTemp = "http://hl7.org/fhir/us/davinci-crd/CodeSystem/temp";
    private const string RoleCode = "http://terminology.hl7.org/CodeSystem/v3-RoleCode";
    private const string Nucc = "http://nucc.org/provider-taxonomy";

    private static readonly CareSettingTable Table = PolicyTerminology.Instance.CareSettings;

    private static RecordBuilder CoveredKidney() =>
        new RecordBuilder()
            .Condition("C64.1")
            .TumorSize(3m, "cm")
            .NoSpread()
            .Attestation(AttestationCodes.NotSurgicalCandidate, true);

    private static PlannedService At(params (string System, string Code)[] codes) =>
        new(
            "Appointment/apt-1",
            new DateOnly(2026, 10, 20),
            "Appointment.start",
            [.. codes.Select(c => new SettingClue("Location/loc-1 type", new Coding(c.System, c.Code)))]
        );

    private static CoverageDetermination Evaluate(PlannedService planned, string? encounterClass = null)
    {
        var record = CoveredKidney().InEncounter(encounterClass).Build() with { Planned = planned };
        var order = Orders.For("50593");
        var result = Assert.Single(Engine.Instance.Evaluate([order], [order], record, RecordBuilder.OrderDate));
        Assert.Equal(DeterminationOutcome.Covered, result.Outcome);
        return result;
    }

    [Theory]
    [InlineData(Pos, "11", EncounterKind.Outpatient)]
    [InlineData(Pos, "19", EncounterKind.Outpatient)]
    [InlineData(Pos, "21", EncounterKind.Inpatient)]
    [InlineData(Pos, "22", EncounterKind.Outpatient)]
    [InlineData(Pos, "23", EncounterKind.Emergency)]
    [InlineData(Pos, "24", EncounterKind.Outpatient)]
    [InlineData(CrdTemp, "22", EncounterKind.Outpatient)]
    [InlineData(RoleCode, "ER", EncounterKind.Emergency)]
    [InlineData(Nucc, "261QA1903X", EncounterKind.Outpatient)]
    public void Place_codes_name_a_setting_in_the_shared_table(string system, string code, EncounterKind expected) =>
        Assert.Equal(expected, Table.VenueOf(system, code)?.Kind);

    [Theory]
    [InlineData(RoleCode, "HOSP")]
    [InlineData(Nucc, "282N00000X")]
    [InlineData(Pos, "99")]
    [InlineData("http://example.org/local", "21")]
    public void A_hospital_as_such_or_an_unlisted_code_names_no_setting(string system, string code) =>
        Assert.Null(Table.VenueOf(system, code));

    [Fact]
    public void Booked_at_an_inpatient_hospital_needs_prior_authorization_and_says_why()
    {
        var result = Evaluate(At((Pos, "21")));

        Assert.Equal(CareSetting.Inpatient, result.Setting);
        Assert.Equal(PriorAuthorization.Required, result.PriorAuthorization);
        Assert.Contains(result.Notes, n => n.Contains("Location/loc-1 type 21 (inpatient hospital)"));
    }

    [Fact]
    public void Booked_at_an_ambulatory_surgical_center_needs_none_even_from_an_inpatient_encounter()
    {
        var result = Evaluate(At((Pos, "24")), encounterClass: "IMP");

        Assert.Equal(CareSetting.Outpatient, result.Setting);
        Assert.Equal(PriorAuthorization.NotRequired, result.PriorAuthorization);
    }

    [Fact]
    public void An_emergency_room_booking_leaves_the_setting_unknown()
    {
        var result = Evaluate(At((Pos, "23")), encounterClass: "AMB");

        Assert.Equal(CareSetting.Unknown, result.Setting);
        Assert.Equal(PriorAuthorization.Conditional, result.PriorAuthorization);
        Assert.Contains(result.Notes, n => n.Contains("emergency room"));
    }

    [Fact]
    public void Place_codes_naming_different_settings_leave_it_unknown()
    {
        var result = Evaluate(At((Pos, "21"), (Pos, "24")));

        Assert.Equal(CareSetting.Unknown, result.Setting);
        Assert.Contains(result.Notes, n => n.Contains("different care settings"));
    }

    [Fact]
    public void A_place_the_table_does_not_know_leaves_the_encounter_to_decide()
    {
        var result = Evaluate(At((RoleCode, "HOSP")), encounterClass: "AMB");

        Assert.Equal(CareSetting.Outpatient, result.Setting);
    }

    [Fact]
    public void A_place_that_could_not_be_read_leaves_the_setting_unknown_not_the_encounters()
    {
        var result = Evaluate(At() with { Unread = "The performer could not be read." }, encounterClass: "AMB");

        Assert.Equal(CareSetting.Unknown, result.Setting);
        Assert.Equal(PriorAuthorization.Conditional, result.PriorAuthorization);
        Assert.Contains("The performer could not be read.", result.Notes);
    }

    [Fact]
    public void A_place_read_decides_even_when_another_could_not_be_read()
    {
        var result = Evaluate(At((Pos, "24")) with { Unread = "The performer could not be read." }, "IMP");

        Assert.Equal(CareSetting.Outpatient, result.Setting);
    }

    [Fact]
    public void The_scheduled_start_is_the_date_of_service()
    {
        var result = Evaluate(At((Pos, "24")));

        Assert.Equal(new DateOnly(2026, 10, 20), result.DateOfService.Date);
        Assert.Equal(ServiceDateSource.Scheduled, result.DateOfService.Source);
        Assert.Equal("Appointment.start", result.DateOfService.SourceLabel);
    }
}
