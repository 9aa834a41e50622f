using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>The tumour a size or staging observation must be about: its records, its side, and whether it is alone.</summary>
internal sealed record TumorScope(IReadOnlyList<Condition> Tumors, BodySide? Side, bool IsOnlyTumor)
{
    /// <summary>Current records at the site the order's reason left out; they can only be this tumour (it is alone).</summary>
    public IReadOnlyList<Condition> OtherRecordsAtSite { get; init; } = [];
}
