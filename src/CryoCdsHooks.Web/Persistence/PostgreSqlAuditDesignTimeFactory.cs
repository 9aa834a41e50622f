using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CryoCdsHooks.Web.Persistence;

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
