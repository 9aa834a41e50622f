using System.Net;
using System.Text.Json.Nodes;
using CryoCdsHooks.Web.Persistence;
using CryoCdsHooks.Web.Smart;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;

namespace CryoCdsHooks.Web.Tests.Smart;

/// <summary>
/// Issue 23 points 3 and 6: a draft order is taken only from the hook call of the CDS client the card was made for,
/// through an index; an antiforgery token pair works only with the session it was issued in.
/// </summary>
public sealed partial class SmartLaunchTests
{
    private const string SharedHookInstance = "0f6f7f6e-5b5d-4c1e-9a43-6c2d0b6b9d11";

    [Fact]
    public async Task Draft_order_of_another_client_with_the_same_hook_instance_is_not_shown()
    {
        await using var factory = new CdsServiceFactory();
        using var client = Client(factory);
        await factory.QueryAuditAsync(async db =>
        {
            // Client B stored first, with the same hookInstance, patient and order id: a lookup by hookInstance alone
            // finds it.
            db.HookInvocations.Add(
                DraftOrderCall(
                    "https://ehr-b.example.org",
                    SharedHookInstance,
                    SmartEhr.PatientId,
                    "Draft sent by client B"
                )
            );
            db.HookInvocations.Add(
                DraftOrderCall(
                    "https://ehr-a.example.org",
                    SharedHookInstance,
                    SmartEhr.PatientId,
                    "Draft sent by client A"
                )
            );
            db.CoverageAssertions.Add(
                new CoverageAssertion
                {
                    AssertionId = "ca-client-a",
                    ClientId = "https://ehr-a.example.org",
                    HookInstance = SharedHookInstance,
                    ServiceId = "cryoablation-order-select",
                    OrderReference = SmartEhr.OrderReference,
                    Covered = "conditional",
                    Reason = "x",
                    CoverageInformationJson = "{}",
                    CreatedAt = DateTimeOffset.UtcNow,
                }
            );
            return await db.SaveChangesAsync();
        });
        _ehr.AppContext = """{"order":"ServiceRequest/s07-order","coverageAssertionId":"ca-client-a","missing":[]}""";
        _ehr.RemoveResource(SmartEhr.OrderReference);

        var page = await LaunchAndOpenAppAsync(client);

        Assert.Contains("not saved in the EHR yet", page);
        Assert.Contains("Draft sent by client A", page);
        Assert.DoesNotContain("Draft sent by client B", page);
    }

    [Fact]
    public async Task Draft_order_lookup_goes_through_the_client_and_hook_instance_index()
    {
        await using var factory = new CdsServiceFactory();
        _ = factory.Services;

        var plan = await factory.QueryAuditAsync(async db =>
        {
            await using var command = SmartDraftOrders
                .AnsweredCall(db, "https://ehr-a.example.org", SharedHookInstance)
                .Select(i => i.RequestJson)
                .CreateDbCommand();
            command.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
            await db.Database.OpenConnectionAsync();
            await using var reader = await command.ExecuteReaderAsync();
            var details = new List<string>();
            while (await reader.ReadAsync())
                details.Add(reader.GetString(reader.GetOrdinal("detail")));
            return string.Join("\n", details);
        });

        Assert.Contains("USING INDEX IX_HookInvocations_ClientId_HookInstance", plan);
        Assert.DoesNotContain("SCAN", plan);
    }

    [Fact]
    public async Task Antiforgery_tokens_of_one_session_are_refused_with_another_sessions_cookie()
    {
        await using var factory = new CdsServiceFactory();
        var browserA = new CookieContainer();
        var browserB = new CookieContainer();
        using var a = factory.CreateDefaultClient(new CookieContainerHandler(browserA));
        using var b = factory.CreateDefaultClient(new CookieContainerHandler(browserB));
        var pageA = await LaunchAndOpenAppAsync(a);
        await LaunchAndOpenAppAsync(b);
        var smart = new Uri("http://localhost/smart/app/answers");
        string Cookie(CookieContainer browser, string name) => browser.GetCookies(smart)[name]!.Value;

        // A's antiforgery cookie and form token, sent with B's session cookie.
        using var crossed = new HttpRequestMessage(HttpMethod.Post, "/smart/app/answers")
        {
            Content = new FormUrlEncodedContent(
                new Dictionary<string, string>
                {
                    ["__RequestVerificationToken"] = AntiforgeryToken(pageA),
                    ["q-surgical-candidacy"] = "false",
                }
            ),
        };
        crossed.Headers.Add(
            "Cookie",
            $"cryo_smart_session={Cookie(browserB, "cryo_smart_session")}; "
                + $"cryo_smart_af={Cookie(browserA, "cryo_smart_af")}"
        );
        using var plain = factory.CreateClient(
            new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
            {
                HandleCookies = false,
                AllowAutoRedirect = false,
            }
        );
        var refused = await plain.SendAsync(crossed);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Form expired", await refused.Content.ReadAsStringAsync());
        Assert.Empty(_ehr.Requests("POST", "/fhir/QuestionnaireResponse"));

        // The same pair in its own session is accepted.
        var accepted = await a.PostAsync(
            "/smart/app/answers",
            new FormUrlEncodedContent(
                new Dictionary<string, string>
                {
                    ["__RequestVerificationToken"] = AntiforgeryToken(pageA),
                    ["q-surgical-candidacy"] = "false",
                }
            )
        );
        Assert.Equal(HttpStatusCode.SeeOther, accepted.StatusCode);
    }

    /// <summary>
    /// An answered order-select call of <paramref name="clientId"/> whose draft order s07-order, for
    /// <paramref name="patientId"/>, carries <paramref name="text"/>.
    /// </summary>
    private HookInvocation DraftOrderCall(string clientId, string hookInstance, string patientId, string text) =>
        new()
        {
            ClientId = clientId,
            ServiceId = "cryoablation-order-select",
            HookInstance = hookInstance,
            ReceivedAt = DateTimeOffset.UtcNow,
            StatusCode = 200,
            ResponseJson = "{}",
            DurationMs = 1,
            // A stored request is one that passed validation: hook, hookInstance and context.patientId are there.
            RequestJson = new JsonObject
            {
                ["hook"] = "order-select",
                ["hookInstance"] = hookInstance,
                ["fhirServer"] = _ehr.Iss,
                ["context"] = new JsonObject
                {
                    ["patientId"] = patientId,
                    ["draftOrders"] = new JsonObject
                    {
                        ["resourceType"] = "Bundle",
                        ["type"] = "collection",
                        ["entry"] = new JsonArray(
                            new JsonObject
                            {
                                ["resource"] = new JsonObject
                                {
                                    ["resourceType"] = "ServiceRequest",
                                    ["id"] = "s07-order",
                                    ["status"] = "draft",
                                    ["intent"] = "order",
                                    ["code"] = new JsonObject
                                    {
                                        ["coding"] = new JsonArray(
                                            new JsonObject
                                            {
                                                ["system"] = "http://www.ama-assn.org/go/cpt",
                                                ["code"] = "50593",
                                            }
                                        ),
                                        ["text"] = text,
                                    },
                                    ["subject"] = new JsonObject { ["reference"] = $"Patient/{patientId}" },
                                },
                            }
                        ),
                    },
                },
            }.ToJsonString(),
        };
}
