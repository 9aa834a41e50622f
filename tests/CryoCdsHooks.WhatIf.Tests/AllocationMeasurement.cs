using System.Text;

namespace CryoCdsHooks.WhatIf.Tests;

/// <summary>
/// Tests that read process-wide allocation figures run alone, so the figures hold no other test's work.
/// </summary>
[CollectionDefinition(nameof(AllocationMeasurement), DisableParallelization = true)]
public sealed class AllocationMeasurement;
