using CryoCdsHooks.Web.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CryoCdsHooks.Web.Tests.Persistence;

/// <summary>
/// A fresh, empty audit database on one provider: a temp SQLite file, or a new database on the PostgreSQL server
/// named by <c>CRYO_TEST_POSTGRES</c> (which .ci/run starts). Dropped when disposed.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "CRYO_TEST_POSTGRES";

    private TestDatabase(DatabaseProvider provider, string connectionString)
    {
        Provider = provider;
        ConnectionString = connectionString;
    }

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }

    /// <summary>The server for PostgreSQL tests (its user needs CREATEDB), or null.</summary>
    public static string? PostgresServer =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } server ? server : null;

    /// <summary>In CI a missing server fails the PostgreSQL tests instead of skipping them.</summary>
    public static bool IsCi =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            return new(
                provider,
                $"Data Source={Path.Combine(Path.GetTempPath(), $"cryocdshooks-store-{Guid.NewGuid():N}.db")}"
            );
        }

        var server = PostgresServer
            ?? throw new InvalidOperationException(
                $"{PostgresVariable} is not set"
                    + (IsCi ? " although CI=true: .ci/run must install and start PostgreSQL." : ".")
            );
        var name = $"cryo_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        return new(provider, new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString);
    }

    /// <summary>The service in memory on this database.</summary>
    public CdsServiceFactory CreateService() =>
        new CdsServiceFactory()
            .With("Persistence:Provider", Provider.ToString())
            .With("ConnectionStrings:Audit", ConnectionString);

    /// <summary>Direct access to the database, outside any service (e.g. after the service was killed).</summary>
    public AuditDbContext OpenContext()
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            var sqlite = new DbContextOptionsBuilder<SqliteAuditDbContext>();
            sqlite.UseAuditSqlite(ConnectionString);
            return new SqliteAuditDbContext(sqlite.Options);
        }
        var postgres = new DbContextOptionsBuilder<PostgreSqlAuditDbContext>();
        postgres.UseAuditPostgreSql(ConnectionString);
        return new PostgreSqlAuditDbContext(postgres.Options);
    }

    public async ValueTask DisposeAsync()
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            SqliteConnection.ClearAllPools();
            var file = new SqliteConnectionStringBuilder(ConnectionString).DataSource;
            foreach (var path in new[] { file, file + "-wal", file + "-shm" })
                File.Delete(path);
            return;
        }

        NpgsqlConnection.ClearAllPools();
        var name = new NpgsqlConnectionStringBuilder(ConnectionString).Database;
        await using var connection = new NpgsqlConnection(PostgresServer);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
