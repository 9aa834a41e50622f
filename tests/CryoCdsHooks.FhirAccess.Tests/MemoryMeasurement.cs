using System.Text;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Time.Testing;
using static CryoCdsHooks.FhirAccess.Tests.LoaderHarness;
using Task = System.Threading.Tasks.Task;

namespace CryoCdsHooks.FhirAccess.Tests;

/// <summary>
/// Tests that read process-wide allocation figures: they run alone, after the parallel tests, so the figures hold
/// no other test's work.
/// </summary>
[CollectionDefinition(nameof(MemoryMeasurement), DisableParallelization = true)]
public sealed class MemoryMeasurement;
