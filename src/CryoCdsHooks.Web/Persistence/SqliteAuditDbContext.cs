using Microsoft.EntityFrameworkCore;

namespace CryoCdsHooks.Web.Persistence;

/// <summary>The audit model on SQLite; migrations in Persistence/Migrations/Sqlite.</summary>
public sealed class SqliteAuditDbContext(DbContextOptions<SqliteAuditDbContext> options) : AuditDbContext(options)
{
    // SQLite has no date-time type: UTC ticks in an INTEGER column compare and order correctly in SQL, text does not.
    protected override void ConfigureConventions(ModelConfigurationBuilder conventions) =>
        conventions.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
}
