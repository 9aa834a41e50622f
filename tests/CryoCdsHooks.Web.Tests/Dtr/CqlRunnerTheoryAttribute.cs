using CryoCdsHooks.Tests.Shared;

namespace CryoCdsHooks.Web.Tests.Dtr;

/// <summary>A theory that executes the prefill ELM (<see cref="CqlRunner"/>).</summary>
public sealed class CqlRunnerTheoryAttribute : TheoryAttribute
{
    public CqlRunnerTheoryAttribute() => Skip = CqlRunner.SkipReason;
}
