using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CryoCdsHooks.Web.Persistence;

/// <summary>
/// Used by <c>dotnet ef migrations add</c> only: each provider's migrations come from its own context.
/// </summary>
internal sealed class SqliteAuditDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAuditDbContext>
{
    public SqliteAuditDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqliteAuditDbContext>();
        options.UseAuditSqlite(PersistenceOptions.DefaultSqliteConnectionString);
        return new(options.Options);
    }
}
