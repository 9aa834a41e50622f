using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace CryoCdsHooks.Web.Persistence;

/// <summary>Registration and start-up of the audit database on the configured provider.</summary>
public static class AuditDatabase
{
    /// <summary>
    /// Registers <see cref="AuditDbContext"/> as the context of <c>Persistence:Provider</c>. Both provider contexts
    /// are registered and chosen when resolved, so configuration added after start-up code ran (tests) still counts.
    /// </summary>
    public static IServiceCollection AddAuditDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PersistenceOptions>()
            .Bind(configuration.GetSection(PersistenceOptions.Section))
            .Configure(options => options.ConnectionString =
                configuration.GetConnectionString(PersistenceOptions.ConnectionStringName) ?? options.ConnectionString)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<PersistenceOptions>, PersistenceOptionsValidator>();

        services.AddDbContext<SqliteAuditDbContext>((provider, db) => db.UseAuditSqlite(ConnectionString(provider)));
        services.AddDbContext<PostgreSqlAuditDbContext>((provider, db) => db.UseAuditPostgreSql(ConnectionString(provider)));
        services.AddScoped<AuditDbContext>(provider =>
            provider.GetRequiredService<IOptions<PersistenceOptions>>().Value.Provider switch
            {
                DatabaseProvider.PostgreSql => provider.GetRequiredService<PostgreSqlAuditDbContext>(),
                _ => provider.GetRequiredService<SqliteAuditDbContext>(),
            });

        services.AddSingleton<AuditWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditWriter>());
        services.AddSingleton<HookCallsInFlight>();
        services.AddScoped<AuditLog>();
        services.AddScoped<FeedbackLog>();
        services.AddOptions<RetentionOptions>()
            .Bind(configuration.GetSection(RetentionOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<AuditRetention>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditRetention>());
        return services;
    }

    /// <summary>
    /// Applies pending migrations before the server listens. Replicas starting together are safe: EF Core holds a
    /// database lock while migrating.
    /// </summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AuditDbContext>().Database.MigrateAsync(ct);
    }

    internal static DbContextOptionsBuilder UseAuditSqlite(this DbContextOptionsBuilder db, string connectionString) =>
        db.UseSqlite(connectionString).AddInterceptors(SqliteDurabilityInterceptor.Instance);

    internal static DbContextOptionsBuilder UseAuditPostgreSql(this DbContextOptionsBuilder db, string connectionString) =>
        db.UseNpgsql(connectionString);

    private static string ConnectionString(IServiceProvider provider) =>
        provider.GetRequiredService<IOptions<PersistenceOptions>>().Value.ConnectionString;
}

/// <summary>
/// Every SQLite connection uses the write-ahead log with synchronous=FULL: a commit is fsynced before
/// SaveChanges returns, so an acknowledged audit row or feedback survives a killed process and a power loss.
/// </summary>
internal sealed class SqliteDurabilityInterceptor : DbConnectionInterceptor
{
    public static readonly SqliteDurabilityInterceptor Instance = new();
    private const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>Used by <c>dotnet ef migrations add</c> only: each provider's migrations come from its own context.</summary>
internal sealed class SqliteAuditDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAuditDbContext>
{
    public SqliteAuditDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqliteAuditDbContext>();
        options.UseAuditSqlite(PersistenceOptions.DefaultSqliteConnectionString);
        return new(options.Options);
    }
}

/// <summary>Used by <c>dotnet ef migrations add</c> only; no server is contacted to generate migrations.</summary>
internal sealed class PostgreSqlAuditDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlAuditDbContext>
{
    public PostgreSqlAuditDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PostgreSqlAuditDbContext>();
        options.UseAuditPostgreSql("Host=localhost;Database=cryocdshooks");
        return new(options.Options);
    }
}
