using CryoCdsHooks.Tests.Shared;

namespace CryoCdsHooks.PolicyEngine.Tests.PrefillCql;

/// <summary>A fact that executes the prefill ELM (<see cref="CqlRunner"/>).</summary>
public sealed class CqlRunnerFactAttribute : FactAttribute
{
    public CqlRunnerFactAttribute() => Skip = CqlRunner.SkipReason;
}
