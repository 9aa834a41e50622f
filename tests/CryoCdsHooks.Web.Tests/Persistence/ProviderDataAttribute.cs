using System.Collections;
using System.Reflection;
using CryoCdsHooks.Web.Persistence;

namespace CryoCdsHooks.Web.Tests.Persistence;

/// <summary>
/// Runs a theory on one database provider: with the provider alone as its argument, or, given the name of a static
/// member of the test class that yields rows (a <c>TheoryData</c>), once per row with the provider first.
/// </summary>
public abstract class ProviderDataAttribute(DatabaseProvider provider, string? rows) : Xunit.Sdk.DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod)
    {
        if (rows is null)
            return
            [
                [provider],
            ];
        const BindingFlags Static =
            BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.FlattenHierarchy;
        var type = testMethod.DeclaringType!;
        var source = type.GetProperty(rows, Static)?.GetValue(null)
            ?? type.GetMethod(rows, Static, [])?.Invoke(null, null)
            ?? throw new InvalidOperationException($"{type.Name} has no static member {rows} without parameters.");
        return ((IEnumerable)source).Cast<object[]>().Select(row => (object[])[provider, .. row]);
    }
}
