using System.Text.RegularExpressions;

namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>
/// Reads AJCC labels: cancerstaging.org codes ("1A", "cT1a", "cN0"), canonical labels and, as a last resort,
/// display text ("Stage IIB", "Stage 3A", "cT1aN0M0"). X categories (TX, NX, MX) are "not assessed" and dropped.
/// Linear time on any input: texts pass the <see cref="ReadingGuard"/> (at most 256 characters), the patterns run
/// on the non-backtracking engine, and a text yields at most <see cref="ReadingGuard.MaxValuesPerText"/> values.
/// </summary>
internal static partial class AjccStagingParser
{
    /// <summary>Text from the record: read only when the <paramref name="guard"/> admits it.</summary>
    public static IReadOnlyList<StagingValue> Parse(
        string? text,
        StagingAxis expected,
        ReadingGuard guard,
        string source
    ) => guard.Admit(text, source) is { } admitted ? Parse(admitted, expected) : [];

    /// <summary>Text of our own data (stage tables, ValueSet terms), which no record can make long.</summary>
    public static IReadOnlyList<StagingValue> Parse(string? text, StagingAxis expected)
    {
        if (string.IsNullOrWhiteSpace(text))
            return [];
        var values = ParseTokens(text);
        if (values.Count > 0)
            return values;
        return expected switch
        {
            StagingAxis.Group => ParseBareGroup(text),
            // A T/N/M observation may carry just "1a" / "0": read it as that category.
            _ => ParseTokens(expected + text.Trim()),
        };
    }

    private static List<StagingValue> ParseTokens(string text)
    {
        var values = new List<StagingValue>();
        // The non-backtracking engine has no look-ahead: "trail" captures what must not follow, and such a match is
        // skipped ("T12" is not T1).
        for (
            var m = TnmPattern().Match(text);
            m.Success && values.Count < ReadingGuard.MaxValuesPerText;
            m = m.NextMatch()
        )
        {
            var raw = m.Groups["number"].Value;
            if (raw == "X" || m.Groups["trail"].Length > 0)
                continue;
            var axis = Enum.Parse<StagingAxis>(m.Groups["axis"].Value);
            var number = raw == "is" ? 0 : raw[0] - '0';
            var sub = raw == "is" ? "is" : m.Groups["sub"].Value;
            values.Add(new StagingValue(axis, number, sub, m.Value.Trim()));
        }
        for (var stage = StagePhrasePattern().Match(text); stage.Success; stage = stage.NextMatch())
        {
            if (stage.Groups["trail"].Length > 0)
                continue;
            values.Add(Group(stage.Groups["group"].Value, stage.Groups["sub"].Value));
            break;
        }
        return values;
    }

    private static List<StagingValue> ParseBareGroup(string text)
    {
        var match = BareGroupPattern().Match(text.Trim());
        return match.Success ? [Group(match.Groups["group"].Value, match.Groups["sub"].Value)] : [];
    }

    private static StagingValue Group(string group, string sub)
    {
        var number = group.ToUpperInvariant() switch
        {
            "IV" or "4" => 4,
            "III" or "3" => 3,
            "II" or "2" => 2,
            "I" or "1" => 1,
            _ => 0,
        };
        return new StagingValue(
            StagingAxis.Group,
            number,
            sub.ToUpperInvariant(),
            $"Stage {group.ToUpperInvariant()}{sub.ToUpperInvariant()}"
        );
    }

    [GeneratedRegex(
        @"[cpyra]{0,2}(?<axis>[TNM])(?<number>is|X|[0-4])(?<sub>mi|[a-d])?(?<trail>[0-9]?)",
        RegexOptions.NonBacktracking
    )]
    private static partial Regex TnmPattern();

    [GeneratedRegex(
        @"stage\s*(?<group>IV|III|II|I|[0-4])(?<sub>[A-C][1-3]?)?(?<trail>[A-Za-z0-9]?)",
        RegexOptions.IgnoreCase | RegexOptions.NonBacktracking
    )]
    private static partial Regex StagePhrasePattern();

    [GeneratedRegex(
        @"^(?<group>IV|III|II|I|[0-4])(?<sub>[A-C][1-3]?)?$",
        RegexOptions.IgnoreCase | RegexOptions.NonBacktracking
    )]
    private static partial Regex BareGroupPattern();
}
