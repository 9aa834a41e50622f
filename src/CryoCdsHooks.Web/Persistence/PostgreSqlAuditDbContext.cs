using Microsoft.EntityFrameworkCore;

namespace CryoCdsHooks.Web.Persistence;

/// <summary>The audit model on PostgreSQL; migrations in Persistence/Migrations/PostgreSql.</summary>
public sealed class PostgreSqlAuditDbContext(DbContextOptions<PostgreSqlAuditDbContext> options)
    : AuditDbContext(options)
{
    // Npgsql writes DateTimeOffset to timestamptz only with offset zero: store every instant as UTC.
    protected override void ConfigureConventions(ModelConfigurationBuilder conventions) =>
        conventions.Properties<DateTimeOffset>().HaveConversion<UtcDateTimeOffsetConverter>();
}
