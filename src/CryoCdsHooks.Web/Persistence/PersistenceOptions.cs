namespace CryoCdsHooks.Web.Persistence;

/// <summary>
/// Where the audit log and feedback live (section <c>Persistence</c>, plus <c>ConnectionStrings:Audit</c>).
/// </summary>
public sealed class PersistenceOptions
{
    public const string Section = "Persistence";
    public const string ConnectionStringName = "Audit";
    public const string DefaultSqliteConnectionString = "Data Source=cryocdshooks.db";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>From <c>ConnectionStrings:Audit</c>.</summary>
    public string ConnectionString { get; set; } = DefaultSqliteConnectionString;
}
