namespace CryoCdsHooks.Web.Metrics;

/// <summary>
/// The CRD IG's suggested metrics (metrics page, rows 1, 2, 3, 5, 6), computed from metric records of one hook type
/// or of all of them (row 9). Shares are fractions of 1; null when there is nothing to divide by.
/// </summary>
public sealed record CrdMetricSummary(
    string HookType,
    int Invocations,
    int Answered,
    int Orders,
    int OrdersWithCoverageInfo,
    double? ShareOrdersWithCoverageInfo,
    IReadOnlyDictionary<string, int> OrdersByCovered,
    int OrdersAuthNeeded,
    int OrdersAuthNeededWithQuestionnaire,
    int OrdersPaSatisfied,
    int AnsweredUnderFiveSeconds,
    double? ShareAnsweredUnderFiveSeconds
)
{
    public const string AllHooks = "all";
    private static readonly TimeSpan FiveSeconds = TimeSpan.FromSeconds(5);

    public static IReadOnlyList<CrdMetricSummary> Of(IReadOnlyList<CrdMetricData> records) =>
        [
            For(AllHooks, records),
            .. records.GroupBy(r => r.HookType).OrderBy(g => g.Key).Select(g => For(g.Key, g.ToList())),
        ];

    private static CrdMetricSummary For(string hookType, IReadOnlyList<CrdMetricData> records)
    {
        var answered = records.Where(r => r.HttpResponse == 200).ToList();
        var orders = answered.SelectMany(r => r.Request).ToList();
        var coverage = orders.Select(o => (o.Response ?? []).SelectMany(r => r.CoverageInfo ?? []).ToList()).ToList();
        var withCoverage = coverage.Count(c => c.Count > 0);
        var underFive = answered.Count(r => r.ResponseTime is { } done && done < r.RequestTime + FiveSeconds);
        return new CrdMetricSummary(
            hookType,
            Invocations: records.Count,
            Answered: answered.Count,
            Orders: orders.Count,
            OrdersWithCoverageInfo: withCoverage,
            ShareOrdersWithCoverageInfo: Share(withCoverage, orders.Count),
            OrdersByCovered: coverage
                .SelectMany(c => c.Select(i => i.Covered).OfType<string>().Distinct())
                .GroupBy(code => code)
                .OrderBy(g => g.Key)
                .ToDictionary(g => g.Key, g => g.Count()),
            OrdersAuthNeeded: coverage.Count(c => c.Any(i => i.PaNeeded == "auth-needed")),
            OrdersAuthNeededWithQuestionnaire: coverage.Count(c =>
                c.Any(i => i.PaNeeded == "auth-needed" && i.Questionnaire is { Count: > 0 })
            ),
            OrdersPaSatisfied: coverage.Count(c => c.Any(i => i.PaNeeded == "satisfied")),
            AnsweredUnderFiveSeconds: underFive,
            ShareAnsweredUnderFiveSeconds: Share(underFive, answered.Count)
        );
    }

    private static double? Share(int part, int whole) => whole == 0 ? null : Math.Round((double)part / whole, 4);
}
