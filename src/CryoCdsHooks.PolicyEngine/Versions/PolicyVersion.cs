namespace CryoCdsHooks.PolicyEngine.Versions;

/// <summary>
/// One edition of a medical policy: what a determination was judged against. <see cref="EffectiveFrom"/> is the
/// first date of service the edition's statements govern; <see cref="EffectiveUntil"/> (exclusive) is set when a
/// revised edition takes over. <see cref="Numbers"/> are the thresholds and windows its statements use.
/// </summary>
public sealed record PolicyVersion(
    string PolicyNumber,
    string Title,
    string Version,
    DateOnly LastReviewed,
    DateOnly EffectiveFrom,
    PolicyNumbers Numbers,
    DateOnly? EffectiveUntil = null
)
{
    public bool IsInForceOn(DateOnly date) =>
        date >= EffectiveFrom && (EffectiveUntil is null || date < EffectiveUntil);

    /// <summary>One line for cards and the coverage-information extension.</summary>
    public string Label =>
        $"Medical Policy {PolicyNumber}, version {Version} (reviewed {LastReviewed:yyyy-MM}; statements effective "
        + $"{EffectiveFrom:yyyy-MM-dd})";
}
