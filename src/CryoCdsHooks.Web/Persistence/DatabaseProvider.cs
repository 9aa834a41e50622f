namespace CryoCdsHooks.Web.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}
