using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CryoCdsHooks.Web.Persistence;

/// <summary>Refuses to start with a connection string the chosen provider cannot use.</summary>
internal sealed class PersistenceOptionsValidator : IValidateOptions<PersistenceOptions>
{
    public ValidateOptionsResult Validate(string? name, PersistenceOptions options)
    {
        try
        {
            return options.Provider switch
            {
                DatabaseProvider.Sqlite
                    when new SqliteConnectionStringBuilder(options.ConnectionString).DataSource.Length == 0 =>
                    ValidateOptionsResult.Fail("ConnectionStrings:Audit must name a SQLite file (Data Source=...)."),
                DatabaseProvider.PostgreSql
                    when string.IsNullOrEmpty(new NpgsqlConnectionStringBuilder(options.ConnectionString).Host) =>
                    ValidateOptionsResult.Fail(
                        "Persistence:Provider is PostgreSql: ConnectionStrings:Audit must be a PostgreSQL connection "
                            + "string (Host=...;Database=...)."
                    ),
                _ => ValidateOptionsResult.Success,
            };
        }
        catch (ArgumentException e)
        {
            // The builders name the bad keyword, never the password.
            return ValidateOptionsResult.Fail(
                $"ConnectionStrings:Audit is not a valid {options.Provider} connection string: {e.Message}"
            );
        }
    }
}
