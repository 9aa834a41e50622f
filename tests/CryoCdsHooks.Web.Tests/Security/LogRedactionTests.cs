using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using static CryoCdsHooks.Web.Tests.Security.SecuredServiceFixture;

namespace CryoCdsHooks.Web.Tests.Security;

/// <summary>Neither credentials nor PHI reach the logs, at any level, from any category.</summary>
public sealed class LogRedactionTests
{
    private const string PatientGiven = "Zebediah";
    private const string PatientFamily = "Quartermaine-Xylophon";
    private const string PatientMrn = "MRN-7734119-ZQ";
    private const string AccessToken = "ehr-access-token-9f8e7d6c5b4a";

    [Fact]
    public async Task A_full_hook_call_logs_no_token_and_no_patient_identity()
    {
        using var fhir = WireMockServer.Start();
        fhir.Given(Request.Create().UsingGet())
            .RespondWith(
                Response
                    .Create()
                    .WithHeader("Content-Type", "application/fhir+json")
                    .WithBody("""{"resourceType":"Bundle","type":"searchset","entry":[]}""")
            );
        var key = new TestSigningKey("ES384");
        var logs = new CapturingLoggerProvider();
        await using var factory = Trust(new CdsServiceFactory(), 0, EsIssuer)
            .With("CdsClients:Clients:0:Jwks", TestSigningKey.Jwks(key));
        var client = factory
            .WithWebHostBuilder(b =>
                b.ConfigureLogging(logging =>
                    logging.AddProvider(logs).AddFilter<CapturingLoggerProvider>(null, LogLevel.Trace)
                )
            )
            .CreateClient();
        var request = new PatientScenario().OrderSign();
        var patient = request["prefetch"]!["patient"]!.AsObject();
        patient["name"] = new JsonArray(
            new JsonObject { ["family"] = PatientFamily, ["given"] = new JsonArray(PatientGiven) }
        );
        patient["identifier"] = new JsonArray(
            new JsonObject { ["system"] = "urn:oid:1.2.3.4", ["value"] = PatientMrn }
        );
        request["prefetch"]!.AsObject().Remove("procedures"); // fetched from the FHIR server with the access token
        request["fhirServer"] = fhir.Url + "/fhir";
        request["fhirAuthorization"] = new JsonObject
        {
            ["access_token"] = AccessToken,
            ["token_type"] = "Bearer",
            ["expires_in"] = 30,
            ["scope"] = "patient/*.read",
            ["subject"] = "cds",
        };
        var jwt = ClientTokens.Create(TokenFor(HookClient.OrderSign, EsIssuer, key));

        var answered = await client.SendAsync(Call(HookClient.OrderSign, jwt, request));
        var replayed = await client.SendAsync(Call(HookClient.OrderSign, jwt, request));

        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
        Assert.NotEmpty(fhir.LogEntries);
        var logged = logs.Text;
        Assert.Contains("Hook", logged); // the capture works
        foreach (var secret in new[] { jwt, jwt.Split('.')[2], AccessToken, PatientGiven, PatientFamily, PatientMrn })
        {
            Assert.DoesNotContain(secret, logged);
        }
    }
}
