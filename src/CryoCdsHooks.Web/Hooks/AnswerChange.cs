using CryoCdsHooks.PolicyEngine;

namespace CryoCdsHooks.Web.Hooks;

/// <summary>
/// The card line that says what changed since this client's earlier answer for the order, e.g. once the procedure
/// is booked: "prior authorization now auth-needed (was conditional): care setting inpatient, from Appointment/a1".
/// </summary>
public static class AnswerChange
{
    /// <returns>The markdown line, or null when there is no earlier answer or nothing CRD reports changed.</returns>
    public static string? Describe(EarlierAnswer? earlier, OrderCoverageAnswer answer)
    {
        if (earlier is null || (earlier.Covered == answer.Covered && earlier.PaNeeded == answer.PaNeeded))
            return null;
        var changes = new List<string>();
        if (earlier.Covered != answer.Covered)
            changes.Add($"coverage now {answer.Covered} (was {earlier.Covered})");
        if (earlier.PaNeeded != answer.PaNeeded)
            changes.Add(
                $"prior authorization now {answer.PaNeeded ?? "not stated"} (was {earlier.PaNeeded ?? "not stated"})"
            );
        var setting = answer.Determination.Setting;
        var why =
            setting == CareSetting.Unknown
                ? ""
                : $": care setting {setting.ToString().ToLowerInvariant()}, from "
                    + CardMarkdown.Text(answer.Target.Reference);
        return $"**Changed since {earlier.Hook} ({earlier.At.UtcDateTime:yyyy-MM-dd HH:mm} UTC):** "
            + string.Join("; ", changes)
            + why;
    }
}
