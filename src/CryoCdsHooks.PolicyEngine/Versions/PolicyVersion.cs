namespace CryoCdsHooks.PolicyEngine.Versions;

/// <summary>
/// One edition of a medical policy: what a determination was judged against. <see cref="EffectiveFrom"/> is the
/// first date of service the edition's statements govern; <see cref="EffectiveUntil"/> (exclusive) is set when a
/// revised edition takes over.
/// </summary>
public sealed record PolicyVersion(
    string PolicyNumber,
    string Title,
    string Version,
    DateOnly LastReviewed,
    DateOnly EffectiveFrom,
    DateOnly? EffectiveUntil = null)
{
    public bool IsInForceOn(DateOnly date) => date >= EffectiveFrom && (EffectiveUntil is null || date < EffectiveUntil);

    /// <summary>One line for cards and the coverage-information extension.</summary>
    public string Label =>
        $"Medical Policy {PolicyNumber}, version {Version} (reviewed {LastReviewed:yyyy-MM}; statements effective {EffectiveFrom:yyyy-MM-dd})";
}

/// <summary>The editions of Medical Policy 260 this engine implements, from the policy's own history.</summary>
public static class Policy260Versions
{
    /// <summary>
    /// The 9/2024 annual review ("policy statements unchanged"). The statements it carries are those in force
    /// since lung cancer indications were added "Effective 4/1/2018"; later revisions (9/2021) changed wording only.
    /// </summary>
    public static readonly PolicyVersion September2024 = new(
        "260", "Cryoablation of Tumors Located in the Kidney, Lung, Breast, Pancreas, or Bone", "9/2024",
        LastReviewed: new DateOnly(2024, 9, 1), EffectiveFrom: new DateOnly(2018, 4, 1));
}
