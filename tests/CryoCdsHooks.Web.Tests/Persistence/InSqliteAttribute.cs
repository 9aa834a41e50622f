using CryoCdsHooks.Web.Persistence;

namespace CryoCdsHooks.Web.Tests.Persistence;

/// <summary>Runs a theory on SQLite.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class InSqliteAttribute : Xunit.Sdk.DataAttribute
{
    public override IEnumerable<object[]> GetData(System.Reflection.MethodInfo testMethod) => [[DatabaseProvider.Sqlite]];
}
