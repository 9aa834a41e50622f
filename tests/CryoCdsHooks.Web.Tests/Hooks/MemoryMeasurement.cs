namespace CryoCdsHooks.Web.Tests;

/// <summary>
/// Tests that read process-wide allocation and heap figures: they run alone, after the parallel tests, so the
/// figures hold no other test's work.
/// </summary>
[CollectionDefinition(nameof(MemoryMeasurement), DisableParallelization = true)]
public sealed class MemoryMeasurement;
