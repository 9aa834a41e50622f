namespace CryoCdsHooks.PolicyEngine.Versions;

/// <summary>The editions of Medical Policy 260 this engine implements, from the policy's own history.</summary>
public static class Policy260Versions
{
    /// <summary>
    /// The 9/2024 annual review ("policy statements unchanged"). The statements it carries are those in force
    /// since lung cancer indications were added "Effective 4/1/2018"; later revisions (9/2021) changed wording only.
    /// </summary>
    public static readonly PolicyVersion September2024 = new(
        "260",
        "Cryoablation of Tumors Located in the Kidney, Lung, Breast, Pancreas, or Bone",
        "9/2024",
        LastReviewed: new DateOnly(2024, 9, 1),
        EffectiveFrom: new DateOnly(2018, 4, 1),
        Numbers: new PolicyNumbers(GfrBelow: 60m, EgfrLookbackDays: 90, MaximumTumorCentimetres: 4m)
    );
}
