using CryoCdsHooks.Web.Hooks.Wire;

namespace CryoCdsHooks.Web.Hooks;

/// <summary>One order's coverage answer and the CRD coverage-information extension it was returned as.</summary>
public sealed record CoverageAssertion(OrderCoverageAnswer Answer, FhirExtension Extension);
