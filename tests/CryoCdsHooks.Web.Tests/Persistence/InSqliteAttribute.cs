using CryoCdsHooks.Web.Persistence;

namespace CryoCdsHooks.Web.Tests.Persistence;

/// <summary>Runs a theory on SQLite (for each row of <paramref name="rows"/>, when given).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class InSqliteAttribute(string? rows = null) : ProviderDataAttribute(DatabaseProvider.Sqlite, rows);
