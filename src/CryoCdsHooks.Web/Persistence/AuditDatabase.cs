using Microsoft.EntityFrameworkCore;
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
        services
            .AddOptions<PersistenceOptions>()
            .Bind(configuration.GetSection(PersistenceOptions.Section))
            .Configure(options =>
                options.ConnectionString = configuration.GetConnectionString(PersistenceOptions.ConnectionStringName)
                    ?? options.ConnectionString
            )
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<PersistenceOptions>, PersistenceOptionsValidator>();

        // Pooled: options are built once and contexts reused; building them per hook call was a fifth of its time.
        services.AddDbContextPool<SqliteAuditDbContext>(
            (provider, db) => db.UseAuditSqlite(ConnectionString(provider))
        );
        services.AddDbContextPool<PostgreSqlAuditDbContext>(
            (provider, db) => db.UseAuditPostgreSql(ConnectionString(provider))
        );
        services.AddScoped<AuditDbContext>(provider =>
            provider.GetRequiredService<IOptions<PersistenceOptions>>().Value.Provider switch
            {
                DatabaseProvider.PostgreSql => provider.GetRequiredService<PostgreSqlAuditDbContext>(),
                _ => provider.GetRequiredService<SqliteAuditDbContext>(),
            }
        );

        services.AddSingleton<AuditWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditWriter>());
        services.AddSingleton<HookCallsInFlight>();
        services.AddScoped<AuditLog>();
        services.AddScoped<FeedbackLog>();
        services
            .AddOptions<RetentionOptions>()
            .Bind(configuration.GetSection(RetentionOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<AuditRetention>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditRetention>());
        return services;
    }

    /// <summary>
    /// Applies pending migrations before the server listens. On PostgreSQL, replicas starting together take turns
    /// under a session advisory lock: EF Core's own migration lock did not stop two replicas from applying the same
    /// migration on a fresh database ("relation already exists").
    /// </summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<AuditDbContext>().Database;
        if (!database.IsNpgsql())
        {
            await database.MigrateAsync(ct);
            return;
        }

        // The lock belongs to the session: the same open connection takes it, migrates and releases it.
        await database.OpenConnectionAsync(ct);
        try
        {
            await database.ExecuteSqlRawAsync($"SELECT pg_advisory_lock({MigrationLockKey})", ct);
            try
            {
                await database.MigrateAsync(ct);
            }
            finally
            {
                await database.ExecuteSqlRawAsync(
                    $"SELECT pg_advisory_unlock({MigrationLockKey})",
                    CancellationToken.None
                );
            }
        }
        finally
        {
            await database.CloseConnectionAsync();
        }
    }

    // Any fixed number unique to this application's schema changes.
    private const long MigrationLockKey = 260_260_001;

    internal static DbContextOptionsBuilder UseAuditSqlite(this DbContextOptionsBuilder db, string connectionString) =>
        db.UseSqlite(connectionString).AddInterceptors(SqliteDurabilityInterceptor.Instance);

    internal static DbContextOptionsBuilder UseAuditPostgreSql(
        this DbContextOptionsBuilder db,
        string connectionString
    ) => db.UseNpgsql(connectionString);

    private static string ConnectionString(IServiceProvider provider) =>
        provider.GetRequiredService<IOptions<PersistenceOptions>>().Value.ConnectionString;
}
