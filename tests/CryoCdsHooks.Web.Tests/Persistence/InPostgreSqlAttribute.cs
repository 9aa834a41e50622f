using CryoCdsHooks.Web.Persistence;

namespace CryoCdsHooks.Web.Tests.Persistence;

/// <summary>
/// Runs a theory on PostgreSQL (for each row of <paramref name="rows"/>, when given). Skipped with a message when
/// <c>CRYO_TEST_POSTGRES</c> is not set, except in CI (CI=true), where the test runs and fails: a missing server must
/// never pass silently.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class InPostgreSqlAttribute : ProviderDataAttribute
{
    public InPostgreSqlAttribute(string? rows = null)
        : base(DatabaseProvider.PostgreSql, rows)
    {
        if (TestDatabase.PostgresServer is null && !TestDatabase.IsCi)
        {
            Skip = $"{TestDatabase.PostgresVariable} is not set; PostgreSQL tests need a server (.ci/run starts one).";
        }
    }
}
