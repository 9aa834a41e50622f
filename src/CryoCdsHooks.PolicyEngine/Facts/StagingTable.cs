using System.Text.Json;

namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>
/// AJCC 8th edition anatomic stage groups per site, read from <c>ajcc8-stage-groups.json</c>. An unknown axis
/// matches every row, so a partial TNM yields the range of groups it still allows (N2 alone in the lung: IIIA-IV).
/// </summary>
public sealed class StagingTable
{
    private readonly IReadOnlyDictionary<StagingSite, IReadOnlyList<Row>> _rows;

    private StagingTable(IReadOnlyDictionary<StagingSite, IReadOnlyList<Row>> rows) => _rows = rows;

    /// <summary>Null when nothing in the table fits (e.g. T0, or only X categories).</summary>
    public StageRange? Derive(StagingSite site, StagingValue? t, StagingValue? n, StagingValue? m)
    {
        var groups = _rows[site]
            .Where(row => Fits(row.T, t) && Fits(row.N, n) && Fits(row.M, m))
            .Select(row => row.Group.Number)
            .ToList();
        return groups.Count == 0 ? null : new StageRange(groups.Min(), groups.Max());
    }

    // A row without subcategory covers all of them; a recorded value without subcategory fits every row of its number.
    private static bool Fits(StagingValue? rowValue, StagingValue? recorded) =>
        rowValue is null
        || recorded is null
        || (
            rowValue.Number == recorded.Number
            && (
                rowValue.Subcategory.Length == 0
                || recorded.Subcategory.Length == 0
                || string.Equals(rowValue.Subcategory, recorded.Subcategory, StringComparison.OrdinalIgnoreCase)
            )
        );

    internal static StagingTable Parse(string json)
    {
        var document = JsonSerializer.Deserialize<TableDocument>(
            json,
            new JsonSerializerOptions(JsonSerializerDefaults.Web)
        ) ?? throw new InvalidOperationException("ajcc8-stage-groups.json is empty.");
        return new StagingTable(
            document.Sites.ToDictionary(
                site => Enum.Parse<StagingSite>(site.Key, ignoreCase: true),
                site => (IReadOnlyList<Row>)site.Value.Select(ToRow).ToList()
            )
        );
    }

    private static Row ToRow(RowEntry entry) =>
        new(
            Value(entry.T, StagingAxis.T),
            Value(entry.N, StagingAxis.N),
            Value(entry.M, StagingAxis.M),
            Value(entry.Group, StagingAxis.Group)
                ?? throw new InvalidOperationException($"Stage group '{entry.Group}' does not parse.")
        );

    private static StagingValue? Value(string text, StagingAxis axis) =>
        text == "*"
            ? null
            : AjccStagingParser.Parse(text, axis).SingleOrDefault(v => v.Axis == axis)
                ?? throw new InvalidOperationException($"Staging table value '{text}' does not parse as {axis}.");

    private sealed record Row(StagingValue? T, StagingValue? N, StagingValue? M, StagingValue Group);

    private sealed record TableDocument(string Source, Dictionary<string, List<RowEntry>> Sites);

    private sealed record RowEntry(string T, string N, string M, string Group);
}
