using Microsoft.Extensions.Options;
using Npgsql;

namespace CryoCdsHooks.Web.Persistence;

public enum DatabaseProvider { Sqlite, PostgreSql }
