using System.Net;
using System.Text.Json.Nodes;
using CryoCdsHooks.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CryoCdsHooks.Web.Tests.Persistence;

/// <summary>The audit store behaves the same on every provider: migrations, assertions, feedback, instants.</summary>
public sealed class AuditStoreTests(ServicePerProvider services) : IClassFixture<ServicePerProvider>
{
    [Theory, InSqlite, InPostgreSql]
    public async Task Migrations_are_applied_at_start_and_match_the_model(DatabaseProvider provider)
    {
        var service = await services.GetAsync(provider);

        var (applied, pending, modelChanged) = await service.Factory.QueryAuditAsync(async db =>
            (
                (await db.Database.GetAppliedMigrationsAsync()).ToList(),
                (await db.Database.GetPendingMigrationsAsync()).ToList(),
                db.Database.HasPendingModelChanges()
            )
        );

        Assert.Contains(applied, m => m.EndsWith("_InitialAuditSchema", StringComparison.Ordinal));
        Assert.Empty(pending);
        Assert.False(
            modelChanged,
            "The model differs from the last migration: run dotnet ef migrations add for both providers."
        );
    }

    [Theory, InSqlite, InPostgreSql]
    public async Task A_stored_coverage_assertion_is_served_by_its_id(DatabaseProvider provider)
    {
        var service = await services.GetAsync(provider);
        var hookInstance = Guid.NewGuid().ToString();
        var hook = await service.Client.PostJsonAsync(
            HookClient.OrderSign,
            new PatientScenario().OrderSign(hookInstance)
        );
        var information = HookClient.CoverageInformationByOrder(await hook.ReadJsonAsync())["ServiceRequest/order-1"];

        var response = await service.Client.GetAsync($"/coverage-assertions/{information.AssertionId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var assertion = await response.ReadJsonAsync();
        Assert.Equal(information.AssertionId, (string?)assertion["assertionId"]);
        Assert.Equal(hookInstance, (string?)assertion["hookInstance"]);
        Assert.Equal("cryoablation-order-sign", (string?)assertion["serviceId"]);
        Assert.Equal("ServiceRequest/order-1", (string?)assertion["orderReference"]);
        Assert.Equal(information.Covered, (string?)assertion["covered"]);
        Assert.Equal(information.PaNeeded, (string?)assertion["paNeeded"]);
        Assert.False(string.IsNullOrEmpty((string?)assertion["reason"]));
        Assert.EndsWith("Z", (string)assertion["createdAt"]!);
        Assert.True(JsonNode.DeepEquals(information.Extension, assertion["coverageInformation"]));
    }

    [Theory, InSqlite, InPostgreSql]
    public async Task An_unknown_coverage_assertion_id_is_404_with_an_OperationOutcome(DatabaseProvider provider)
    {
        var service = await services.GetAsync(provider);

        var response = await service.Client.GetAsync($"/coverage-assertions/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("OperationOutcome", (string?)(await response.ReadJsonAsync())["resourceType"]);
    }

    [Theory, InSqlite, InPostgreSql]
    public async Task A_retried_hookInstance_gets_the_stored_answer_and_a_different_call_with_it_409(
        DatabaseProvider provider
    )
    {
        var service = await services.GetAsync(provider);
        var hookInstance = Guid.NewGuid().ToString();
        var scenario = new PatientScenario();

        var first = await service.Client.PostJsonAsync(HookClient.OrderSign, scenario.OrderSign(hookInstance));
        var retry = await service.Client.PostJsonAsync(HookClient.OrderSign, scenario.OrderSign(hookInstance));
        scenario.EncounterClass = "IMP";
        var other = await service.Client.PostJsonAsync(HookClient.OrderSign, scenario.OrderSign(hookInstance));

        Assert.Equal(
            (HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Conflict),
            (first.StatusCode, retry.StatusCode, other.StatusCode)
        );
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
    }

    [Theory, InSqlite, InPostgreSql]
    public async Task Feedback_sent_concurrently_many_times_is_stored_once(DatabaseProvider provider)
    {
        var service = await services.GetAsync(provider);
        var card = await service.Client.IssuedCardAsync();
        var feedback = new JsonObject
        {
            ["feedback"] = new JsonArray(
                new JsonObject
                {
                    ["card"] = card,
                    ["outcome"] = "overridden",
                    ["outcomeTimestamp"] = "2026-11-20T10:15:00+02:00",
                }
            ),
        };

        var responses = await Task.WhenAll(
            Enumerable
                .Range(0, 8)
                .Select(_ => service.Client.PostJsonAsync(HookClient.OrderSign + "/feedback", feedback.DeepClone()))
        );

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(
            1,
            await service.Factory.QueryAuditAsync(db => db.CardFeedback.CountAsync(f => f.CardUuid == card))
        );
    }

    [Theory, InSqlite, InPostgreSql]
    public async Task Instants_are_stored_in_UTC_and_compared_and_ordered_by_the_database(DatabaseProvider provider)
    {
        var service = await services.GetAsync(provider);
        var serviceId = $"instants-{Guid.NewGuid():N}"[..40];
        var noon = new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.FromHours(2));
        await service.Factory.QueryAuditAsync(db =>
        {
            // Added out of order, with a non-UTC offset.
            foreach (var minutes in new[] { 30, 0, 60 })
            {
                db.HookInvocations.Add(
                    new HookInvocation
                    {
                        ServiceId = serviceId,
                        ReceivedAt = noon.AddMinutes(minutes),
                        StatusCode = 200,
                        ResponseJson = "{}",
                        DurationMs = minutes,
                    }
                );
            }
            return db.SaveChangesAsync();
        });

        var later = await service.Factory.QueryAuditAsync(db =>
            db.HookInvocations.AsNoTracking()
                .Where(i => i.ServiceId == serviceId && i.ReceivedAt > noon)
                .OrderBy(i => i.ReceivedAt)
                .Select(i => i.ReceivedAt)
                .ToListAsync()
        );

        Assert.Equal([noon.AddMinutes(30), noon.AddMinutes(60)], later);
        Assert.All(later, instant => Assert.Equal(TimeSpan.Zero, instant.Offset));
    }

    [Fact]
    public async Task Coverage_assertions_need_an_authenticated_CDS_client()
    {
        await using var factory = new CdsServiceFactory().With("CdsClients:RequireAuthentication", "true");

        var response = await factory.CreateClient().GetAsync($"/coverage-assertions/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
