using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CryoCdsHooks.Web.Persistence;

/// <summary>The audit model on SQLite; migrations in Persistence/Migrations/Sqlite.</summary>
public sealed class SqliteAuditDbContext(DbContextOptions<SqliteAuditDbContext> options) : AuditDbContext(options)
{
    // SQLite has no date-time type: UTC ticks in an INTEGER column compare and order correctly in SQL, text does not.
    protected override void ConfigureConventions(ModelConfigurationBuilder conventions) =>
        conventions.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
}

/// <summary>The audit model on PostgreSQL; migrations in Persistence/Migrations/PostgreSql.</summary>
public sealed class PostgreSqlAuditDbContext(DbContextOptions<PostgreSqlAuditDbContext> options) : AuditDbContext(options)
{
    // Npgsql writes DateTimeOffset to timestamptz only with offset zero: store every instant as UTC.
    protected override void ConfigureConventions(ModelConfigurationBuilder conventions) =>
        conventions.Properties<DateTimeOffset>().HaveConversion<UtcDateTimeOffsetConverter>();
}

internal sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    value => value.UtcTicks,
    ticks => new DateTimeOffset(ticks, TimeSpan.Zero));

internal sealed class UtcDateTimeOffsetConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(
    value => value.ToUniversalTime(),
    value => value);
