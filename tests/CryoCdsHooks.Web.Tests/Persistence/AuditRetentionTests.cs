using System.Net;
using CryoCdsHooks.Web.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CryoCdsHooks.Web.Tests.Persistence;

/// <summary>Audit records are stored compressed and purged after their retention.</summary>
public sealed class AuditRetentionTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_hook_call_is_stored_in_well_under_half_its_raw_size()
    {
        await using var factory = new CdsServiceFactory();
        var request = new PatientScenario().OrderSign(Guid.NewGuid().ToString());
        var hookInstance = (string)request["hookInstance"]!;

        using var response = await factory.CreateClient().PostJsonAsync(HookClient.OrderSign, request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var raw = await factory.QueryAuditAsync(db =>
            db.HookInvocations.AsNoTracking().SingleAsync(i => i.HookInstance == hookInstance)
        );
        var rawBytes =
            System.Text.Encoding.UTF8.GetByteCount(raw.RequestJson!)
            + System.Text.Encoding.UTF8.GetByteCount(raw.ResponseJson);
        var storedBytes = await factory.QueryAuditAsync(db =>
            db.Database.SqlQuery<long>(
                    $"""
                    SELECT length("RequestJson") + length("ResponseJson") AS "Value"
                    FROM "HookInvocations" WHERE "HookInstance" = {hookInstance}
                    """
                )
                .ToListAsync()
        );
        output.WriteLine($"request+response JSON: {rawBytes} bytes raw, {storedBytes[0]} bytes stored");
        Assert.True(storedBytes[0] * 100 < rawBytes * 40, $"{storedBytes[0]} of {rawBytes} bytes");
    }

    [Fact]
    public async Task The_purge_deletes_what_is_past_retention_and_keeps_the_rest()
    {
        await using var factory = new CdsServiceFactory();
        var serviceId = $"retention-{Guid.NewGuid():N}"[..40];
        var now = DateTimeOffset.UtcNow;
        var now_seconds = now.ToUnixTimeSeconds();
        await factory.QueryAuditAsync(db =>
        {
            foreach (
                var (age, status) in new[]
                {
                    (TimeSpan.FromDays(7 * 365), 200),
                    (TimeSpan.FromDays(5 * 365), 200),
                    (TimeSpan.FromDays(100), 400),
                    (TimeSpan.FromDays(10), 400),
                }
            )
            {
                db.HookInvocations.Add(
                    new HookInvocation
                    {
                        ServiceId = serviceId,
                        ReceivedAt = now - age,
                        StatusCode = status,
                        ResponseJson = "{}",
                        DurationMs = age.TotalDays,
                    }
                );
            }
            db.UsedTokens.Add(new UsedToken { Id = Guid.NewGuid().ToString("N"), ExpiresAt = now_seconds - 1 });
            db.UsedTokens.Add(new UsedToken { Id = Guid.NewGuid().ToString("N"), ExpiresAt = now_seconds + 300 });
            return db.SaveChangesAsync();
        });

        await factory.Services.GetRequiredService<AuditRetention>().PurgeAsync(CancellationToken.None);

        var kept = await factory.QueryAuditAsync(db =>
            db.HookInvocations.Where(i => i.ServiceId == serviceId).Select(i => i.DurationMs).ToListAsync()
        );
        Assert.Equal([5 * 365, 10], kept.Order().Reverse());
        Assert.Equal(1, await factory.QueryAuditAsync(db => db.UsedTokens.CountAsync()));
    }
}
