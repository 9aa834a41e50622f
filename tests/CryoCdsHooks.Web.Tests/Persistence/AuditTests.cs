using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace CryoCdsHooks.Web.Tests;

public sealed class AuditTests(CdsServiceFactoryFixture fixture) : IClassFixture<CdsServiceFactoryFixture>
{
    [Fact]
    public async Task Every_invocation_and_assertion_is_stored_without_the_access_token()
    {
        var hookInstance = Guid.NewGuid().ToString();
        var request = new PatientScenario().OrderSign(hookInstance);
        request["fhirServer"] = "http://127.0.0.1:9/fhir";
        request["fhirAuthorization"] = new JsonObject
        {
            ["access_token"] = "secret-token-value",
            ["token_type"] = "Bearer",
            ["expires_in"] = 30,
            ["scope"] = "patient/*.read",
            ["subject"] = "cryo-cds",
        };

        var response = await fixture.Client.PostJsonAsync(HookClient.OrderSign, request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var assertionId = HookClient
            .CoverageInformationByOrder(await response.ReadJsonAsync())["ServiceRequest/order-1"]
            .AssertionId;
        var invocation = await fixture.Factory.QueryAuditAsync(db =>
            db.HookInvocations.SingleAsync(i => i.HookInstance == hookInstance)
        );
        Assert.Equal(200, invocation.StatusCode);
        Assert.DoesNotContain("secret-token-value", invocation.RequestJson);
        Assert.Contains(assertionId, invocation.ResponseJson);
        var assertion = await fixture.Factory.QueryAuditAsync(db =>
            db.CoverageAssertions.SingleAsync(a => a.AssertionId == assertionId)
        );
        Assert.Equal(
            ("ServiceRequest/order-1", "covered", hookInstance),
            (assertion.OrderReference, assertion.Covered, assertion.HookInstance)
        );
    }

    [Fact]
    public async Task Rejected_invocations_are_audited_with_their_status()
    {
        var hookInstance = Guid.NewGuid().ToString();
        var request = new PatientScenario().OrderSign(hookInstance);
        request["context"]!.AsObject().Remove("patientId");

        await fixture.Client.PostJsonAsync(HookClient.OrderSign, request);

        var invocation = await fixture.Factory.QueryAuditAsync(db =>
            db.HookInvocations.SingleAsync(i => i.HookInstance == hookInstance)
        );
        Assert.Equal(400, invocation.StatusCode);
        Assert.Contains("OperationOutcome", invocation.ResponseJson);
    }

    [Fact]
    public async Task Simultaneous_different_calls_with_one_hook_instance_get_one_answer_and_409s()
    {
        var hookInstance = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(
            new[] { "AMB", "IMP", "EMER", "OBSENC" }.Select(encounterClass =>
                fixture.Client.PostJsonAsync(
                    HookClient.OrderSign,
                    new PatientScenario { EncounterClass = encounterClass }.OrderSign(hookInstance)
                )
            )
        );

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r =>
            Assert.Equal(HttpStatusCode.Conflict, r.StatusCode)
        );
        Assert.Equal(
            1,
            await fixture.Factory.QueryAuditAsync(db =>
                db.CoverageAssertions.CountAsync(a => a.HookInstance == hookInstance)
            )
        );
    }
}
