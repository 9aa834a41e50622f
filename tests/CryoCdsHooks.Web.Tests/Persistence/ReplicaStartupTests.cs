using System.Net;
using CryoCdsHooks.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CryoCdsHooks.Web.Tests.Persistence;

/// <summary>
/// Scale-out: replicas started at the same moment on an empty database migrate it once and all serve.
/// </summary>
public sealed class ReplicaStartupTests
{
    [Theory, InSqlite, InPostgreSql]
    public async Task Three_replicas_starting_together_share_one_migrated_database(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);

        var replicas = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => ServiceProcess.StartAsync(database)));
        try
        {
            var hookInstances = new List<string>();
            foreach (var replica in replicas)
            {
                var hookInstance = Guid.NewGuid().ToString();
                using var response = await replica.Client.PostJsonAsync(
                    HookClient.OrderSign,
                    new PatientScenario().OrderSign(hookInstance)
                );
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                hookInstances.Add(hookInstance);
            }

            // A hookInstance answered by one replica is known to the others: a retry gets the stored answer,
            // a different call with it a conflict.
            using var retried = await replicas[2]
                .Client.PostJsonAsync(HookClient.OrderSign, new PatientScenario().OrderSign(hookInstances[0]));
            Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
            using var other = await replicas[2]
                .Client.PostJsonAsync(
                    HookClient.OrderSign,
                    new PatientScenario { EncounterClass = "IMP" }.OrderSign(hookInstances[0])
                );
            Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);

            await using var db = database.OpenContext();
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
            Assert.Equal(
                3,
                await db.HookInvocations.CountAsync(i => hookInstances.Contains(i.HookInstance!) && i.StatusCode == 200)
            );
        }
        finally
        {
            foreach (var replica in replicas)
                replica.Dispose();
        }
    }
}
