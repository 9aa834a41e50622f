namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>
/// The statements of the latest day, oldest first; <see cref="Decisive"/> is null when they disagree.
/// </summary>
internal sealed record LatestDay<T>(T? Decisive, IReadOnlyList<T> Statements)
    where T : class
{
    public bool IsContradicted => Decisive is null && Statements.Count > 1;
}
