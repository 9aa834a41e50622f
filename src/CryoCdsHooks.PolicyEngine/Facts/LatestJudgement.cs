namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>
/// What the latest day's judgements on one fact say (<see cref="LatestStatements"/>): <see cref="Value"/> is null when
/// there are none or when that day's judgements contradict each other; <see cref="Evidence"/> shows the deciding one,
/// or every contradicting one.
/// </summary>
public sealed record LatestJudgement(bool? Value, IReadOnlyList<Evidence> Evidence)
{
    internal static LatestJudgement Of(IEnumerable<DocumentedJudgement> judgements)
    {
        var latest = LatestStatements.Of(judgements, j => j.Evidence.Date, j => j.Value);
        return latest.Decisive is { } decisive
            ? new LatestJudgement(decisive.Value, [decisive.Evidence])
            : new LatestJudgement(null, latest.Statements.Select(j => j.Evidence).ToList());
    }
}
