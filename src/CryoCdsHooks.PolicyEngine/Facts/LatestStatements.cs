namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>
/// The one rule for dated statements of one fact (docs/data-conventions.md, "The latest day decides"): the statements
/// of the latest day decide; when they disagree, the fact is unknown, whatever their order in the record (a Bundle's
/// order is no clinical order). Undated statements are older than any dated one.
/// </summary>
internal static class LatestStatements
{
    public static LatestDay<T> Of<T, TValue>(
        IEnumerable<T> statements,
        Func<T, DateTimeOffset?> dateOf,
        Func<T, TValue> valueOf
    )
        where T : class
    {
        var ordered = statements.OrderBy(s => dateOf(s) ?? DateTimeOffset.MinValue).ToList();
        if (ordered.Count == 0)
            return new LatestDay<T>(null, []);
        var day = ResourceReading.DateOf(dateOf(ordered[^1]));
        var latestDay = ordered.Where(s => ResourceReading.DateOf(dateOf(s)) == day).ToList();
        var agree = latestDay.Select(valueOf).Distinct().Count() == 1;
        return new LatestDay<T>(agree ? latestDay[^1] : null, latestDay);
    }
}
