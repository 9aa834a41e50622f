using System.Net;
using System.Text.Json.Nodes;
using CryoCdsHooks.Web.Tests.Security;
using static CryoCdsHooks.Web.Tests.Security.SecuredServiceFixture;
using static CryoCdsHooks.Web.Tests.WorkflowRequests;

namespace CryoCdsHooks.Web.Tests.Hooks;

/// <summary>
/// Issue 25's sequence: at order entry the setting is unknown (prior authorization conditional); once the
/// procedure is booked, the place decides: an inpatient hospital needs authorization, an ASC does not. The later
/// hooks sit behind the same JWT check as the order hooks.
/// </summary>
public sealed class CrdWorkflowSequenceTests(SecuredServiceFixture fixture) : IClassFixture<SecuredServiceFixture>
{
    /// <summary>A patient whose order-entry Encounter (class PRENC, pre-admission) names no care setting.</summary>
    private static PatientScenario UnknownSetting() => new() { EncounterClass = "PRENC" };

    /// <summary>The same request for another patient: every id and reference of pat-1 renamed.</summary>
    private static JsonObject ForAnotherPatient(JsonObject request) =>
        JsonNode.Parse(request.ToJsonString().Replace("pat-1", "pat-2", StringComparison.Ordinal))!.AsObject();

    private async Task<CoverageInformation> AnswerAsync(string path, JsonObject request)
    {
        var response = await fixture.Client.SendAsync(
            Call(path, ClientTokens.Create(TokenFor(path, EsIssuer, fixture.EsKey)), request)
        );
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return HookClient.CoverageInformationByOrder(await response.ReadJsonAsync()).Values.Single();
    }

    [Fact]
    public async Task Prior_authorization_is_conditional_at_order_entry_and_decided_by_the_booked_place()
    {
        var select = await AnswerAsync(HookClient.OrderSelect, UnknownSetting().OrderSelect("ServiceRequest/order-1"));
        var sign = await AnswerAsync(HookClient.OrderSign, UnknownSetting().OrderSign());
        var inpatient = await AnswerAsync(AppointmentBook, Booking(UnknownSetting(), Location("ward-1", "21")));
        var surgeryCenter = await AnswerAsync(
            AppointmentBook,
            ForAnotherPatient(Booking(UnknownSetting(), Location("asc-1", "24")))
        );

        Assert.Equal(("covered", "conditional"), (select.Covered, select.PaNeeded));
        Assert.Equal(("covered", "conditional"), (sign.Covered, sign.PaNeeded));
        Assert.Contains("location", sign.Codes("info-needed"));
        Assert.Equal(("covered", "auth-needed"), (inpatient.Covered, inpatient.PaNeeded));
        Assert.Equal(("covered", "no-auth"), (surgeryCenter.Covered, surgeryCenter.PaNeeded));
        Assert.Equal("Coverage/cov-1", surgeryCenter.CoverageReference);
    }

    [Fact]
    public async Task The_booking_card_says_what_changed_since_the_order_was_signed_for_that_patient_only()
    {
        static JsonObject For(JsonObject request, string patient) =>
            JsonNode.Parse(request.ToJsonString().Replace("pat-1", patient, StringComparison.Ordinal))!.AsObject();

        await CoverageCardAsync(HookClient.OrderSign, For(UnknownSetting().OrderSign(), "pat-31"));
        var booked = await CoverageCardAsync(
            AppointmentBook,
            For(Booking(UnknownSetting(), Location("ward-1", "21")), "pat-31")
        );
        var unsigned = await CoverageCardAsync(
            AppointmentBook,
            For(Booking(UnknownSetting(), Location("asc-1", "24")), "pat-32")
        );

        Assert.Contains("**Changed since order-sign (", booked);
        Assert.Contains("prior authorization now auth-needed (was conditional): care setting inpatient", booked);
        // Another patient's order with the same id was never signed: nothing to compare with.
        Assert.DoesNotContain("Changed since", unsigned);
    }

    private async Task<string> CoverageCardAsync(string path, JsonObject request)
    {
        var response = await fixture.Client.SendAsync(
            Call(path, ClientTokens.Create(TokenFor(path, EsIssuer, fixture.EsKey)), request)
        );
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return HookClient
            .Cards(await response.ReadJsonAsync())
            .Select(c => (string?)c["detail"] ?? "")
            .Single(d => d.Contains("**Answered at:**", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(AppointmentBook)]
    [InlineData(OrderDispatch)]
    [InlineData(EncounterStart)]
    public async Task The_later_hooks_refuse_a_call_without_a_valid_token(string path)
    {
        var response = await fixture.Client.SendAsync(Call(path, null, Booking(new PatientScenario(), null)));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
