using CryoCdsHooks.PolicyEngine.Terminology;
using CryoCdsHooks.PolicyEngine.Tests.TestData;

namespace CryoCdsHooks.PolicyEngine.Tests;

public class PriorAuthorizationTests
{
    private static RecordBuilder CoveredKidney() =>
        new RecordBuilder()
            .Condition("C64.1")
            .TumorSize(3m, "cm")
            .NoSpread()
            .Attestation(AttestationCodes.NotSurgicalCandidate, true);

    [Theory]
    [InlineData("IMP", CareSetting.Inpatient, PriorAuthorization.Required)]
    [InlineData("ACUTE", CareSetting.Inpatient, PriorAuthorization.Required)]
    [InlineData("NONAC", CareSetting.Inpatient, PriorAuthorization.Required)]
    [InlineData("AMB", CareSetting.Outpatient, PriorAuthorization.NotRequired)]
    [InlineData("OBSENC", CareSetting.Outpatient, PriorAuthorization.NotRequired)]
    [InlineData("EMER", CareSetting.Outpatient, PriorAuthorization.NotRequired)]
    [InlineData("FLD", CareSetting.Unknown, PriorAuthorization.Conditional)]
    [InlineData(null, CareSetting.Unknown, PriorAuthorization.Conditional)]
    public void Covered_order_prior_authorization_follows_the_care_setting(
        string? encounterClass,
        CareSetting setting,
        PriorAuthorization expected
    )
    {
        var result = Engine.Single(CoveredKidney().InEncounter(encounterClass), "50593");

        Assert.Equal(DeterminationOutcome.Covered, result.Outcome);
        Assert.Equal(setting, result.Setting);
        Assert.Equal(expected, result.PriorAuthorization);
    }

    [Theory]
    [InlineData("IMP", PriorAuthorization.Required)]
    [InlineData("AMB", PriorAuthorization.NotRequired)]
    [InlineData(null, PriorAuthorization.Conditional)]
    public void Needs_information_keeps_the_setting_rule(string? encounterClass, PriorAuthorization expected) =>
        Assert.Equal(
            expected,
            Engine
                .Single(new RecordBuilder().Condition("C64.1").InEncounter(encounterClass), "50593")
                .PriorAuthorization
        );

    [Theory]
    [InlineData("IMP")]
    [InlineData("AMB")]
    [InlineData(null)]
    public void Not_covered_orders_have_no_prior_authorization(string? encounterClass)
    {
        var result = Engine.Single(CoveredKidney().InEncounter(encounterClass), "20983");

        Assert.True(result.IsNotCovered);
        Assert.Equal(PriorAuthorization.NotApplicable, result.PriorAuthorization);
    }
}
