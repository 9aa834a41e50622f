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
